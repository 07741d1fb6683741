import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { runCommand } from '@cortado/server/test/compat/run-command.js';
import {
  frappeSignature,
  timestampedSignature,
} from '@cortado/server/src/features/webhooks/sign-request.js';
import {
  expressWebhook,
  fastifyWebhook,
  honoWebhook,
  verifyWebhook,
  WebhookVerificationError,
  type VerifiedWebhook,
  type WebhookFailure,
} from '../src/index.js';
import { DEBIAN_PYTHON } from '@cortado/server/test/helpers/debian-python.js';
import { sourceFile } from '@cortado/server/test/helpers/source-tree.js';

/*
 * Signatures made by Python (the seed's HMAC code) and by the server's own
 * signer, checked by the SDK directly and through real Express, Fastify and
 * Hono servers.
 */

const SECRET = 'whsec-Ä-test';
const BODY = JSON.stringify({
  doctype: 'Sales Invoice',
  name: 'SINV-00001',
  data: { grand_total: 99.5, customer: 'Zoë' },
});
const ID = 'whd_0123456789';
const NOW = 1_780_000_000;
const clock = (seconds: number) => () => seconds * 1000;

async function pythonHeaders(
  secret: string,
  body: string,
  id: string,
  timestamp: number,
): Promise<Record<string, string>> {
  const script = fileURLToPath(new URL('./python/sign_webhook.py', sourceFile(import.meta.url)));
  const result = await runCommand(DEBIAN_PYTHON, [script, secret, id, String(timestamp)], {
    WEBHOOK_BODY: body,
  });
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout) as Record<string, string>;
}

async function failure(promise: Promise<unknown>): Promise<WebhookFailure> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof WebhookVerificationError, String(error));
    return error.reason;
  }
  assert.fail('expected the webhook to be rejected');
}

describe('@cortado/client webhook verification', () => {
  let signed: Record<string, string>;
  before(async () => void (signed = await pythonHeaders(SECRET, BODY, ID, NOW)));

  it('Frappe scheme: the Python signature verifies; a changed body or secret does not', async () => {
    const frappe = { secret: SECRET, scheme: 'frappe' } as const;
    assert.equal((await verifyWebhook(BODY, signed, frappe)).scheme, 'frappe');
    assert.equal(
      (await verifyWebhook(new TextEncoder().encode(BODY), new Headers(signed), frappe)).scheme,
      'frappe',
    );
    assert.equal(signed['X-Frappe-Webhook-Signature'], frappeSignature(SECRET, Buffer.from(BODY)));
    assert.equal(
      await failure(verifyWebhook(BODY.replace('99.5', '9.5'), signed, frappe)),
      'invalid-signature',
    );
    assert.equal(
      await failure(verifyWebhook(BODY, signed, { ...frappe, secret: 'other' })),
      'invalid-signature',
    );
    assert.equal(await failure(verifyWebhook(BODY, {}, frappe)), 'missing-signature');
    assert.equal(
      await failure(verifyWebhook(BODY, { 'x-frappe-webhook-signature': '%%%not base64' }, frappe)),
      'invalid-signature',
    );
  });

  it('Cortado scheme: id + timestamp signature, replay window, rotated secrets', async () => {
    const cortado = { secret: SECRET, scheme: 'cortado', now: clock(NOW + 10) } as const;
    const verified: VerifiedWebhook = await verifyWebhook(BODY, signed, cortado);
    assert.deepEqual(verified, {
      scheme: 'cortado',
      id: ID,
      timestamp: NOW,
      event: 'Sales Invoice:on_submit',
    });
    assert.equal(
      signed['X-Cortado-Webhook-Signature'],
      timestampedSignature(SECRET, ID, NOW, Buffer.from(BODY)),
    );
    assert.equal(
      await failure(verifyWebhook(BODY, signed, { ...cortado, now: clock(NOW + 301) })),
      'stale-timestamp',
    );
    assert.equal(
      await failure(verifyWebhook(BODY, signed, { ...cortado, now: clock(NOW - 301) })),
      'stale-timestamp',
    );
    assert.ok(
      await verifyWebhook(BODY, signed, {
        ...cortado,
        now: clock(NOW + 900),
        toleranceSeconds: 1000,
      }),
    );
    // The timestamp is signed: moving it forward breaks the signature.
    const moved = { ...signed, 'X-Cortado-Webhook-Timestamp': String(NOW + 5) };
    assert.equal(await failure(verifyWebhook(BODY, moved, cortado)), 'invalid-signature');
    const otherId = { ...signed, 'X-Cortado-Webhook-Id': 'whd_other' };
    assert.equal(await failure(verifyWebhook(BODY, otherId, cortado)), 'invalid-signature');
    const noStamp = { ...signed, 'X-Cortado-Webhook-Timestamp': 'yesterday' };
    assert.equal(await failure(verifyWebhook(BODY, noStamp, cortado)), 'missing-timestamp');
    const onlyFrappe = { 'X-Frappe-Webhook-Signature': signed['X-Frappe-Webhook-Signature'] ?? '' };
    assert.equal(await failure(verifyWebhook(BODY, onlyFrappe, cortado)), 'missing-signature');
    const rotated = {
      ...signed,
      'X-Cortado-Webhook-Signature': `v1,AAAA ${signed['X-Cortado-Webhook-Signature']}`,
    };
    assert.ok(await verifyWebhook(BODY, rotated, cortado));
  });

  describe('adapters', () => {
    const now = Math.floor(Date.now() / 1000);
    let live: Record<string, string>;
    const servers: Array<() => Promise<void>> = [];
    before(async () => void (live = await pythonHeaders(SECRET, BODY, ID, now)));
    after(async () => {
      for (const close of servers) await close();
    });

    const post = (url: string, headers: Record<string, string>, body = BODY) =>
      fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body,
      });

    it('Express: express.raw() then expressWebhook', async () => {
      const app = express();
      app.post(
        '/hook',
        express.raw({ type: '*/*' }),
        expressWebhook({ secret: SECRET, scheme: 'cortado' }),
        (req, res) => {
          const webhook = (req as unknown as { webhook: VerifiedWebhook }).webhook;
          res.json({ id: webhook.id, total: JSON.parse(String(req.body)).data.grand_total });
        },
      );
      const server = app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      servers.push(() => new Promise((resolve) => server.close(() => resolve())));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      const ok = await post(url, live);
      assert.equal(ok.status, 200);
      assert.deepEqual(await ok.json(), { id: ID, total: 99.5 });
      const forged = await post(url, live, BODY.replace('99.5', '0.5'));
      assert.equal(forged.status, 401);
      assert.deepEqual(await forged.json(), { error: 'invalid-signature' });
    });

    it('Fastify: fastifyWebhook in a plugin scope', async () => {
      const app = Fastify();
      await app.register(async (scope) => {
        await fastifyWebhook({ secret: SECRET, scheme: 'frappe' })(scope);
        scope.post('/hook', async (request) => ({ name: JSON.parse(String(request.body)).name }));
      });
      const url = `${await app.listen({ port: 0, host: '127.0.0.1' })}/hook`;
      servers.push(() => app.close());
      const ok = await post(url, live);
      assert.equal(ok.status, 200);
      assert.deepEqual(await ok.json(), { name: 'SINV-00001' });
      const unsigned = await post(url, {});
      assert.equal(unsigned.status, 401);
      assert.deepEqual(await unsigned.json(), { error: 'missing-signature' });
    });

    it('Hono: honoWebhook leaves the body readable', async () => {
      const app = new Hono<{ Variables: { webhook: VerifiedWebhook } }>();
      app.post('/hook', honoWebhook({ secret: SECRET, scheme: 'cortado' }), async (c) =>
        c.json({ event: c.get('webhook').event, customer: (await c.req.json()).data.customer }),
      );
      const ok = await app.request('/hook', { method: 'POST', headers: live, body: BODY });
      assert.equal(ok.status, 200);
      assert.deepEqual(await ok.json(), { event: 'Sales Invoice:on_submit', customer: 'Zoë' });
      const stale = await pythonHeaders(SECRET, BODY, ID, now - 3600);
      const replayed = await app.request('/hook', { method: 'POST', headers: stale, body: BODY });
      assert.equal(replayed.status, 401);
      assert.deepEqual(await replayed.json(), { error: 'stale-timestamp' });
    });
  });
});
