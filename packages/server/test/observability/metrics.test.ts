import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp } from '../../src/app.js';
import { createLogger } from '../../src/core/logger.js';
import { enqueue } from '../../src/features/jobs/index.js';
import { OUTBOX_TABLE } from '../../src/features/webhooks/outbox-table.js';
import { withContext } from '../../src/engine/runtime/with-context.js';
import { buildTestApp, testAuthenticator, type TestApp } from '../helpers/build-test-app.js';
import { DIALECTS } from '../helpers/dialects.js';
import { parseScrape, sampleValue } from '../helpers/scrape.js';

for (const dialect of DIALECTS) {
  describe(`/metrics on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildTestApp({ dialect, migrate: true });
    });
    after(() => t.close());

    it('counts requests per route family, errors by exc_type, and reads the queues', async () => {
      for (let i = 0; i < 3; i += 1) await t.app.inject({ url: '/api/method/ping' });
      const missing = await t.app.inject({
        url: '/api/resource/ToDo/no-such-todo',
        headers: { 'x-test-user': 'Administrator' },
      });
      assert.equal(missing.statusCode, 404);
      await withContext(t.site, 'Administrator', async (ctx) => {
        await enqueue(ctx, { method: 'frappe.ping', queue: 'long' });
        await enqueue(ctx, { method: 'frappe.ping', queue: 'long' });
      });
      await t.site.db.kysely
        .insertInto(OUTBOX_TABLE)
        .values(['Pending', 'Pending', 'Failed'].map((status, i) => outboxRow(`d${i}`, status)))
        .execute();

      const res = await t.app.inject({ url: '/metrics' });
      assert.equal(res.statusCode, 200, res.body);
      assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
      const families = parseScrape(res.body);
      const requests = { method: 'GET', route: '/api/method/*', status: '200' };
      assert.equal(sampleValue(families, 'cortado_http_requests_total', requests), 3);
      const latency = families.get('cortado_http_request_duration_seconds');
      assert.equal(latency?.type, 'HISTOGRAM');
      const route = { method: 'GET', route: '/api/method/*' };
      assert.equal(sampleValue(families, 'cortado_http_request_duration_seconds_count', route), 3);
      const inf = { ...route, le: '+Inf' };
      assert.equal(sampleValue(families, 'cortado_http_request_duration_seconds_bucket', inf), 3);
      assert.ok(sampleValue(families, 'cortado_http_request_duration_seconds_sum', route) > 0);
      assert.equal(
        sampleValue(families, 'cortado_http_errors_total', {
          exc_type: 'DoesNotExistError',
          status: '404',
        }),
        1,
      );
      // Raw ids never become labels: the route family is the pattern.
      assert.ok(!res.body.includes('no-such-todo'));
      const site = t.site.name;
      assert.equal(sampleValue(families, 'cortado_job_queue_depth', { site, queue: 'long' }), 2);
      assert.equal(sampleValue(families, 'cortado_job_queue_depth', { site, queue: 'short' }), 0);
      assert.equal(
        sampleValue(families, 'cortado_webhook_deliveries', { site, status: 'Pending' }),
        2,
      );
      assert.equal(
        sampleValue(families, 'cortado_webhook_deliveries', { site, status: 'Failed' }),
        1,
      );
      assert.equal(sampleValue(families, 'cortado_db_connections_in_use', { site }), 0);
      assert.ok(families.has('nodejs_eventloop_lag_seconds'), 'event-loop lag is exported');
      assert.ok(families.has('nodejs_eventloop_lag_p99_seconds'));
    });

    it('leaves a site whose database is gone out of the scrape instead of failing it', async () => {
      const other = await buildTestApp({ dialect, migrate: true });
      try {
        await other.app.inject({ url: '/api/method/ping' });
        await other.database.db.close();
        const res = await other.app.inject({ url: '/metrics' });
        assert.equal(res.statusCode, 200, res.body);
        const families = parseScrape(res.body);
        assert.equal(
          families.get('cortado_job_queue_depth')?.metrics.length ?? 0,
          0,
          'no queue figures for an unreachable site',
        );
      } finally {
        await other.app.close();
        await other.database.drop().catch(() => undefined);
      }
    });
  });
}

describe('/metrics access', () => {
  let t: TestApp;
  const token = 'scrape-token-0123456789';
  before(async () => {
    t = await buildTestApp({ build: { metrics: { token } } });
  });
  after(() => t.close());

  it('lets a direct connection from this machine read', async () => {
    const res = await t.app.inject({ url: '/metrics', remoteAddress: '127.0.0.1' });
    assert.equal(res.statusCode, 200);
  });

  it('refuses another address without the token: 403 PermissionError', async () => {
    const res = await t.app.inject({ url: '/metrics', remoteAddress: '203.0.113.9' });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().exc_type, 'PermissionError');
    assert.ok(!res.body.includes('cortado_http'));
  });

  it('refuses a proxied request even when the proxy is on this machine', async () => {
    for (const header of ['x-forwarded-for', 'forwarded']) {
      const res = await t.app.inject({
        url: '/metrics',
        remoteAddress: '127.0.0.1',
        headers: { [header]: header === 'forwarded' ? 'for=203.0.113.9' : '203.0.113.9' },
      });
      assert.equal(res.statusCode, 403, header);
    }
  });

  it('lets the bearer token in from anywhere, and refuses a wrong one', async () => {
    const ok = await t.app.inject({
      url: '/metrics',
      remoteAddress: '203.0.113.9',
      headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': '198.51.100.1' },
    });
    assert.equal(ok.statusCode, 200);
    for (const wrong of [`Bearer ${token}x`, 'Bearer short', `Basic ${token}`]) {
      const res = await t.app.inject({
        url: '/metrics',
        remoteAddress: '203.0.113.9',
        headers: { authorization: wrong },
      });
      assert.equal(res.statusCode, 403, wrong);
    }
  });

  it('with metrics_allow_loopback off, only the token opens it', async () => {
    const app = await buildApp({
      sites: [t.site],
      logger: createLogger({ level: 'silent' }),
      authenticate: testAuthenticator,
      metrics: { token, allowLoopback: false },
    });
    try {
      const local = await app.inject({ url: '/metrics', remoteAddress: '127.0.0.1' });
      assert.equal(local.statusCode, 403);
      const withToken = await app.inject({
        url: '/metrics',
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(withToken.statusCode, 200);
    } finally {
      await app.close();
    }
  });
});

function outboxRow(name: string, status: string): Record<string, unknown> {
  return {
    name,
    webhook: 'hook',
    reference_doctype: 'ToDo',
    reference_name: 'x',
    event: 'after_insert',
    user: 'Administrator',
    doc: '{}',
    status,
    attempts: 0,
    next_attempt_at: 0,
    lease_until: 0,
    created_at: 0,
  };
}
