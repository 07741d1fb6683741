import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../helpers/build-test-app.js';
import { waitFor } from '../../helpers/wait-for.js';
import { methodRateLimitOf } from '../../../src/features/rate-limit/method-limit.js';
import type { MethodRateLimit } from '../../../src/engine/runtime/app-definition.js';
import type { Context } from '../../../src/engine/context.js';
import { dynamicLimit, rateLimitedApp, REDIS_URL } from './rate-limit.fixtures.js';

const MESSAGE = 'You hit the rate limit because of too many requests. Please try after sometime.';

interface Call {
  readonly path: string;
  readonly ip?: string;
  readonly method?: 'GET' | 'POST';
  readonly query?: Record<string, string>;
  readonly headers?: Record<string, string>;
  readonly version?: 'v1' | 'v2';
}

for (const store of ['memory', 'redis'] as const) {
  describe(`per-method rate limits (${store} store)`, () => {
    let t: TestApp;
    let trusted: TestApp;
    const call = (app: TestApp, c: Call) =>
      app.app.inject({
        method: c.method ?? 'GET',
        url: `/api/${c.version === 'v2' ? 'v2/' : ''}method/${c.path}`,
        query: c.query ?? {},
        headers: { accept: 'application/json', ...c.headers },
        remoteAddress: c.ip ?? '203.0.113.7',
      });
    const statuses = async (app: TestApp, c: Call, n: number) => {
      const seen = [];
      for (let i = 0; i < n; i++) seen.push((await call(app, c)).statusCode);
      return seen;
    };
    const redis = store === 'redis' ? { redis_cache: REDIS_URL } : {};

    before(async () => {
      const unique = `${store}-${process.pid}-${Date.now()}`;
      t = await buildTestApp({
        name: `rl-${unique}.localhost`,
        apps: [rateLimitedApp],
        config: redis,
      });
      trusted = await buildTestApp({
        name: `rl-proxy-${unique}.localhost`,
        apps: [rateLimitedApp],
        config: { ...redis, trusted_proxies: ['10.0.0.0/8'] },
      });
    });
    after(async () => {
      await t.close();
      await trusted.close();
    });

    it('trips exactly at the configured count with Frappe 429 body and Retry-After', async () => {
      assert.deepEqual(await statuses(t, { path: 'rl.count' }, 2), [200, 200]);
      const res = await call(t, { path: 'rl.count' });
      assert.equal(res.statusCode, 429);
      const body = res.json() as { exc_type: string; _server_messages: string };
      assert.equal(body.exc_type, 'RateLimitExceededError');
      const messages = (JSON.parse(body._server_messages) as string[]).map(
        (m) => JSON.parse(m) as { message: string },
      );
      assert.equal(messages[0]?.message, MESSAGE);
      const retry = Number(res.headers['retry-after']);
      assert.ok(retry > 55 && retry <= 60, `Retry-After ${retry}`);
      assert.equal(res.headers['x-endpoint-ratelimit-limit'], '2');
      assert.equal(res.headers['x-endpoint-ratelimit-remaining'], '0');
      assert.equal(res.headers['x-ratelimit-limit'], undefined, 'no site budget configured');
    });

    it('resets after the window', async () => {
      const short = { path: 'rl.short' };
      assert.deepEqual(await statuses(t, short, 2), [200, 429]);
      // The store ends the 1-second window (Redis by its key's expiry): wait for that, then count again.
      await waitFor('the window to end', async () => (await call(t, short)).statusCode === 200, {
        intervalMs: 100,
      });
      assert.deepEqual(await statuses(t, short, 1), [429]);
    });

    it('keys per IP; a spoofed X-Forwarded-For escapes nothing when no proxy is trusted', async () => {
      const path = 'rl.count';
      assert.deepEqual(await statuses(t, { path, ip: '198.51.100.1' }, 3), [200, 200, 429]);
      const spoofed = { path, ip: '198.51.100.1', headers: { 'x-forwarded-for': '192.0.2.99' } };
      assert.deepEqual(await statuses(t, spoofed, 2), [429, 429]);
      assert.deepEqual(await statuses(t, { path, ip: '198.51.100.2' }, 1), [200]);
    });

    it('believes X-Forwarded-For only from a trusted proxy', async () => {
      const path = 'rl.count';
      const viaProxy = (client: string) => ({
        path,
        ip: '10.1.1.1',
        headers: { 'x-forwarded-for': client },
      });
      assert.deepEqual(await statuses(trusted, viaProxy('192.0.2.1'), 3), [200, 200, 429]);
      assert.deepEqual(await statuses(trusted, viaProxy('192.0.2.2'), 1), [200]);
      const fromUntrusted = { path, ip: '192.0.2.1', headers: { 'x-forwarded-for': '192.0.2.77' } };
      assert.deepEqual(
        await statuses(trusted, fromUntrusted, 1),
        [429],
        'untrusted peer is the client itself',
      );
    });

    it('keys per key function: <ip>:<arg>, and the arg alone without ip_based', async () => {
      const a = { path: 'rl.by_key', query: { email: 'a@x' } };
      assert.deepEqual(await statuses(t, a, 3), [200, 200, 429]);
      assert.deepEqual(await statuses(t, { ...a, query: { email: 'b@x' } }, 1), [200]);
      assert.deepEqual(
        await statuses(t, { ...a, ip: '198.51.100.3' }, 1),
        [200],
        'same arg, other IP',
      );
      const keyOnly = { path: 'rl.key_only', query: { email: 'c@x' } };
      assert.deepEqual(await statuses(t, keyOnly, 2), [200, 200]);
      assert.deepEqual(
        await statuses(t, { ...keyOnly, ip: '198.51.100.4' }, 1),
        [429],
        'IP does not matter',
      );
    });

    it('an empty identity is ValidationError 417', async () => {
      const res = await call(t, { path: 'rl.key_only' });
      assert.equal(res.statusCode, 417);
      assert.equal((res.json() as { exc_type: string }).exc_type, 'ValidationError');
      assert.match(res.body, /Either key or IP flag is required\./);
    });

    it('a GET-only limit leaves POST alone', async () => {
      const ip = '198.51.100.5';
      assert.deepEqual(
        await statuses(t, { path: 'rl.get_only', ip, method: 'POST' }, 4),
        [200, 200, 200, 200],
      );
      assert.deepEqual(await statuses(t, { path: 'rl.get_only', ip }, 2), [200, 429]);
      assert.deepEqual(await statuses(t, { path: 'rl.get_only', ip, method: 'POST' }, 1), [200]);
    });

    it('a disallowed verb is refused (403) before counting', async () => {
      const ip = '198.51.100.6';
      assert.deepEqual(await statuses(t, { path: 'rl.post_only', ip }, 3), [403, 403, 403]);
      assert.deepEqual(
        await statuses(t, { path: 'rl.post_only', ip, method: 'POST' }, 2),
        [200, 429],
      );
    });

    it('reads a callable limit on every call', async () => {
      const c = { path: 'rl.dynamic', ip: '198.51.100.7' };
      dynamicLimit.value = 1;
      assert.deepEqual(await statuses(t, c, 2), [200, 429]);
      dynamicLimit.value = 3;
      assert.deepEqual(await statuses(t, c, 2), [200, 429], 'counter is 3 (allowed), then 4');
    });

    it('v1 and v2 calls share one counter (B-R6)', async () => {
      const c = { path: 'rl.shared', ip: '198.51.100.8' };
      assert.deepEqual(await statuses(t, c, 2), [200, 200]);
      const v2 = await call(t, { ...c, version: 'v2' });
      assert.equal(v2.statusCode, 200);
      const refused = await call(t, { ...c, version: 'v2' });
      assert.equal(refused.statusCode, 429);
      const error = (refused.json() as { errors: Array<{ type: string; message: string }> })
        .errors[0];
      assert.deepEqual([error?.type, error?.message], ['RateLimitExceededError', MESSAGE]);
    });
  });
}

describe('built-in method limits', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ migrate: true });
  });
  after(() => t.close());
  /** The limit a rule gives on a site with no System Settings of its own: Frappe's defaults. */
  const limitOf = async (rule: MethodRateLimit | undefined) =>
    typeof rule?.limit === 'function'
      ? rule.limit({ uow: { db: t.site.db.kysely } } as unknown as Context)
      : rule?.limit;
  const table: Array<[string, number, number, readonly string[] | undefined]> = [
    ['frappe.core.doctype.user.user.reset_password', 3, 3600, ['POST']],
    ['frappe.www.login.send_login_link', 5, 3600, undefined],
    ['frappe.www.login.login_via_key', 5, 3600, ['GET']],
  ];
  for (const [path, limit, seconds, methods] of table) {
    it(`${path}: ${limit} per ${seconds}s by default`, async () => {
      const rule = methodRateLimitOf({ path, handler: () => null });
      assert.deepEqual(
        [await limitOf(rule), rule?.seconds, rule?.methods],
        [limit, seconds, methods],
      );
    });
  }
  it('login has none, and a method’s own limit wins', () => {
    assert.equal(methodRateLimitOf({ path: 'login', handler: () => null }), undefined);
    const own = { limit: 9, seconds: 9 };
    const path = 'frappe.www.login.send_login_link';
    assert.equal(methodRateLimitOf({ path, handler: () => null, rateLimit: own }), own);
  });
});
