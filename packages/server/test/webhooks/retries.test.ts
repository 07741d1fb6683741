import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { insertDoc } from '../../src/engine/document.js';
import { resendDelivery } from '../../src/features/webhooks/index.js';
import { claimDeliveries } from '../../src/features/webhooks/claim-deliveries.js';
import { DIALECTS } from '../helpers/dialects.js';
import { createHarness, type Harness } from './webhook-harness.js';

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

for (const dialect of DIALECTS) {
  describe(`webhook retries on ${dialect}`, () => {
    let h: Harness;
    before(async () => {
      h = await createHarness(dialect, { webhook_ssrf_guard: 0 });
    });
    after(() => h.close());

    const fresh = async (fields: Record<string, unknown>) => {
      await h.settle();
      h.receiver.requests.length = 0;
      await h.site.db.kysely.updateTable('tabWebhook').set({ enabled: 0 }).execute();
      const webhook = await h.addWebhook(fields);
      await h.asAdmin((ctx) =>
        insertDoc(ctx, { doctype: 'ToDo', description: `retry ${webhook.name}` }),
      );
      await h.settle();
      const rows = (await h.deliveries()).filter((row) => row.webhook === webhook.name);
      assert.equal(rows.length, 1);
      const logs = await h.site.db.kysely
        .selectFrom('tabWebhook Request Log')
        .selectAll()
        .where('delivery', '=', rows[0]!.name)
        .orderBy('attempt')
        .execute();
      return { webhook, delivery: rows[0]!, logs };
    };

    test('HTTP 500 twice then 200: three attempts, one log row each, same delivery id', async () => {
      h.receiver.answers = [500, 500];
      const { delivery, logs } = await fresh({});
      assert.equal(delivery.status, 'Delivered');
      assert.equal(h.receiver.requests.length, 3);
      assert.equal(
        new Set(h.receiver.requests.map((r) => r.headers['x-cortado-webhook-id'])).size,
        1,
      );
      assert.deepEqual(
        logs.map((log) => [log['attempt'], log['status'], log['response_status']]),
        [
          [1, 'Retrying', 500],
          [2, 'Retrying', 500],
          [3, 'Delivered', 200],
        ],
      );
      assert.ok(logs[0]!['next_retry']);
    });

    test('a receiver that never answers times out and is retried', async () => {
      h.receiver.answers = ['hang'];
      const { delivery, logs } = await fresh({ timeout: 1 });
      assert.equal(delivery.status, 'Delivered');
      assert.equal(logs[0]!['error'], 'Timed out');
      assert.equal(logs[0]!['response'], null);
    });

    test('connection refused until the limit: Failed, an Error Log row, then a re-send succeeds', async () => {
      const url = `http://127.0.0.1:${await closedPort()}/hook`;
      const { webhook, delivery, logs } = await fresh({ request_url: url });
      assert.equal(delivery.status, 'Failed');
      assert.equal(logs.length, 3);
      assert.match(String(logs[2]!['error']), /ECONNREFUSED/);
      const errors = await h.site.db.kysely
        .selectFrom('tabError Log')
        .selectAll()
        .where('method', '=', `Webhook ${webhook.name}`)
        .execute();
      assert.equal(errors.length, 1);
      await h.site.db.kysely
        .updateTable('tabWebhook')
        .set({ request_url: h.receiver.url })
        .where('name', '=', webhook.name)
        .execute();
      h.receiver.requests.length = 0;
      const denied = h.asAdmin(async (ctx) =>
        resendDelivery.handler(
          { delivery: delivery.name },
          { ...ctx, user: 'nobody@example.com', roles: new Set(['All']) },
        ),
      );
      await assert.rejects(denied, { name: 'PermissionError' });
      await h.asAdmin(async (ctx) =>
        resendDelivery.handler({ delivery: String(logs[0]!['name']) }, ctx),
      );
      h.worker.kick();
      await h.settle();
      assert.equal(h.receiver.requests.length, 1);
      assert.equal(h.receiver.requests[0]!.headers['x-cortado-webhook-id'], delivery.name);
      const [row] = (await h.deliveries()).filter((r) => r.name === delivery.name);
      assert.equal(row!.status, 'Delivered');
    });

    test('resend of an unknown delivery is DoesNotExistError', async () => {
      await assert.rejects(
        h.asAdmin(async (ctx) => resendDelivery.handler({ delivery: 'nope' }, ctx)),
        { name: 'DoesNotExistError' },
      );
    });

    test('the SSRF guard refuses loopback targets unless the host is allowed', async () => {
      await h.worker.stop();
      const guarded = await createHarness(dialect, {
        webhook_ssrf_guard: 1,
        webhook_max_retries: 0,
      });
      try {
        await guarded.addWebhook({});
        await guarded.asAdmin((ctx) => insertDoc(ctx, { doctype: 'ToDo', description: 'ssrf' }));
        await guarded.settle();
        const [row] = await guarded.deliveries();
        assert.equal(row!.status, 'Failed');
        assert.match(String(row!.last_error), /private or loopback/);
        assert.equal(guarded.receiver.requests.length, 0);
      } finally {
        await guarded.close();
      }
    });

    test('two claimers never take the same delivery', async () => {
      await h.site.db.kysely.updateTable('tabWebhook').set({ enabled: 0 }).execute();
      await h.addWebhook({});
      await h.asAdmin(async (ctx) => {
        for (let i = 0; i < 20; i++)
          await insertDoc(ctx, { doctype: 'ToDo', description: `claim ${i}` });
      });
      const claims = await Promise.all([1, 2, 3].map(() => claimDeliveries(h.site.db, 50, 60_000)));
      const names = claims.flat().map((row) => row.name);
      assert.equal(names.length, 20);
      assert.equal(new Set(names).size, 20);
    });
  });
}
