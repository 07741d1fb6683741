import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../helpers/build-test-app.js';
import { createLimiterStore } from '../../../src/platform/limiter/create-limiter-store.js';
import type { SiteConfig } from '../../../src/core/config/site-config.js';
import { waitFor } from '../../helpers/wait-for.js';
import { REDIS_URL, siteBudgetUsed } from './rate-limit.fixtures.js';

const LIMIT_US = 600_000_000;
const WINDOW = 3600;
let sequence = 0;
const opened: TestApp[] = [];
after(() => Promise.all(opened.map((t) => t.close())));

/** The wall clock a budget site reads: fixed unless a test moves it. */
interface Clock {
  now: number;
}
const clocks = new WeakMap<TestApp, Clock>();
const clockOf = (t: TestApp): Clock => clocks.get(t)!;

/**
 * A site whose budget counter lives in Redis, so tests can preset it, and
 * whose clock stands still, so no request crosses a window by accident.
 */
async function siteWith(config: Partial<SiteConfig>): Promise<TestApp> {
  const name = `budget-${process.pid}-${Date.now()}-${sequence++}.localhost`;
  const clock: Clock = { now: Date.now() };
  const t = await buildTestApp({
    name,
    config: { redis_cache: REDIS_URL, ...config },
    build: { now: () => clock.now },
  });
  clocks.set(t, clock);
  opened.push(t);
  return t;
}

const windowOf = (t: TestApp, seconds = WINDOW) => Math.floor(clockOf(t).now / 1000 / seconds);

/**
 * Waits until the request just answered has added its duration to a counter
 * that stood at `before` (onResponse records it after the reply); the new value.
 */
const recorded = (t: TestApp, before: number, seconds = WINDOW) =>
  waitFor(`the site budget counter to pass ${before}`, async () => {
    const used = await siteBudgetUsed(t.site.name, seconds, windowOf(t, seconds));
    return used > before && used;
  });

async function presetCounter(t: TestApp, used: number): Promise<void> {
  const store = createLimiterStore({
    redisUrl: REDIS_URL,
    failOpen: false,
    keyPrefix: t.site.name,
  });
  const window = windowOf(t);
  const result = await store
    .limiter({ name: 'site-budget', points: LIMIT_US, duration: WINDOW })
    .consume(`counter-${window}`, used);
  await store.close();
  assert.equal(result.unavailable, false);
}

const ping = (
  t: TestApp,
  headers: Record<string, string> = { accept: 'application/json' },
  url = '/api/method/ping',
) => t.app.inject({ url, headers });

function expectedReset(t: TestApp): number {
  return WINDOW - (Math.floor(clockOf(t).now / 1000) % WINDOW);
}

describe('site time budget (rate_limit)', () => {
  it('RV-01: off without rate_limit, no X-RateLimit-* headers', async () => {
    const t = await siteWith({});
    const res = await ping(t);
    assert.equal(res.statusCode, 200);
    assert.deepEqual(
      Object.keys(res.headers).filter((h) => h.includes('ratelimit')),
      [],
    );
  });

  it('RV-02: a fresh window reports the whole budget and the time used', async () => {
    const t = await siteWith({ rate_limit: { limit: 600, window: WINDOW } });
    const res = await ping(t);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['x-ratelimit-limit'], String(LIMIT_US));
    assert.equal(res.headers['x-ratelimit-remaining'], String(LIMIT_US));
    assert.equal(Number(res.headers['x-ratelimit-reset']), expectedReset(t));
    assert.ok(Number(res.headers['x-ratelimit-used']) > 0);
    assert.equal(res.headers['retry-after'], undefined);
  });

  it('RV-03: remaining reflects earlier usage, and each request adds its duration', async () => {
    const t = await siteWith({ rate_limit: { limit: 600, window: WINDOW } });
    await presetCounter(t, 100_000_000);
    const first = await ping(t);
    assert.equal(first.headers['x-ratelimit-remaining'], '500000000');
    const used = await recorded(t, 100_000_000);
    // The duration recorded ends after the reply, so it is at least the `used` the reply announced.
    assert.ok(used - 100_000_000 >= Number(first.headers['x-ratelimit-used']));
    const second = await ping(t);
    assert.equal(Number(second.headers['x-ratelimit-remaining']), LIMIT_US - used);
  });

  it('RV-04: a counter exactly at the budget is still allowed', async () => {
    const t = await siteWith({ rate_limit: { limit: 600, window: WINDOW } });
    await presetCounter(t, LIMIT_US);
    const res = await ping(t);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['x-ratelimit-remaining'], '0');
  });

  it('RV-05: over budget → 429 TooManyRequestsError with Retry-After = Reset, no Used', async () => {
    const t = await siteWith({ rate_limit: { limit: 600, window: WINDOW } });
    await presetCounter(t, LIMIT_US + 1);
    const res = await ping(t);
    assert.equal(res.statusCode, 429);
    const body = res.json() as Record<string, unknown>;
    assert.equal(body['exc_type'], 'TooManyRequestsError');
    assert.equal(body['_server_messages'], undefined);
    assert.equal(res.headers['x-ratelimit-limit'], String(LIMIT_US));
    assert.equal(res.headers['x-ratelimit-remaining'], '0');
    assert.equal(res.headers['retry-after'], res.headers['x-ratelimit-reset']);
    assert.equal(res.headers['x-ratelimit-used'], undefined);
    const v2 = await ping(t, { accept: 'application/json' }, '/api/v2/method/ping');
    assert.equal(
      (v2.json() as { errors: Array<{ type: string }> }).errors[0]?.type,
      'TooManyRequestsError',
    );
  });

  it('RV-06: a page request gets the bare text', async () => {
    const t = await siteWith({ rate_limit: { limit: 600, window: WINDOW } });
    await presetCounter(t, LIMIT_US + 1);
    const res = await ping(t, { accept: 'text/html' }, '/about');
    assert.equal(res.statusCode, 429);
    assert.equal(res.body, 'Too Many Requests');
    assert.equal(res.headers['content-type'], 'text/plain; charset=utf-8');
    assert.ok(Number(res.headers['retry-after']) > 0);
  });

  it('RV-07: one budget for every user and IP', async () => {
    const t = await siteWith({ rate_limit: { limit: 600, window: WINDOW } });
    await presetCounter(t, LIMIT_US + 1);
    const res = await t.app.inject({
      url: '/api/method/ping',
      headers: { accept: 'application/json', 'x-test-user': 'b@example.com' },
      remoteAddress: '192.0.2.2',
    });
    assert.equal(res.statusCode, 429);
  });

  it('RV-08: a new window starts from zero', async () => {
    const t = await siteWith({ rate_limit: { limit: 0.000001, window: 60 } });
    clockOf(t).now = Math.floor(clockOf(t).now / 60_000) * 60_000; // a window begins
    await ping(t);
    await recorded(t, 1, 60);
    const over = await ping(t);
    assert.equal(over.statusCode, 429);
    assert.equal(over.headers['retry-after'], '60');
    clockOf(t).now += 1000 * Number(over.headers['retry-after']);
    const fresh = await ping(t);
    assert.equal(fresh.statusCode, 200);
    assert.equal(fresh.headers['x-ratelimit-remaining'], fresh.headers['x-ratelimit-limit']);
  });

  it('RV-09: a fractional limit', async () => {
    const t = await siteWith({ rate_limit: { limit: 0.5, window: 60 } });
    assert.equal((await ping(t)).headers['x-ratelimit-limit'], '500000');
  });
});

describe('per-IP and per-user request buckets (B-R1)', () => {
  it('announce RateLimit-Policy/RateLimit and refuse the (N+1)-th request with Retry-After', async () => {
    const t = await buildTestApp({
      name: `bucket-${process.pid}-${Date.now()}.localhost`,
      migrate: true,
      config: {
        rate_limit_per_ip: { limit: 2, window: 60 },
        rate_limit_per_user: { limit: 3, window: 30 },
      },
    });
    opened.push(t);
    const get = (ip: string, user?: string) =>
      t.app.inject({
        url: '/api/method/ping',
        headers: { accept: 'application/json', ...(user ? { 'x-test-user': user } : {}) },
        remoteAddress: ip,
      });
    const first = await get('192.0.2.10');
    assert.equal(first.headers['ratelimit-policy'], '"ip";q=2;w=60');
    assert.match(String(first.headers['ratelimit']), /^"ip";r=1;t=(59|60)$/);
    await get('192.0.2.10');
    const third = await get('192.0.2.10');
    assert.equal(third.statusCode, 429);
    assert.equal((third.json() as { exc_type: string }).exc_type, 'TooManyRequestsError');
    assert.match(String(third.headers['ratelimit']), /^"ip";r=0;t=\d+$/);
    assert.ok(Number(third.headers['retry-after']) >= 59);

    const statuses = [];
    for (const ip of ['192.0.2.21', '192.0.2.22', '192.0.2.23', '192.0.2.24']) {
      const res = await get(ip, 'jane@example.com');
      statuses.push(res.statusCode);
      if (ip === '192.0.2.21')
        assert.equal(res.headers['ratelimit-policy'], '"ip";q=2;w=60, "user";q=3;w=30');
    }
    assert.deepEqual(statuses, [200, 200, 200, 429], 'the user bucket follows the user across IPs');
  });
});
