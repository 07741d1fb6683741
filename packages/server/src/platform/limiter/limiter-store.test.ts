import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { createLimiterStore } from './create-limiter-store.js';
import type { LimiterStore } from './limiter-store.js';

const REDIS_URL = process.env['CORTADO_TEST_REDIS'] ?? 'redis://127.0.0.1:6379/0';

const backends: { name: string; open: () => LimiterStore }[] = [
  {
    name: 'memory',
    open: () => createLimiterStore({ failOpen: true, keyPrefix: `t-${randomUUID()}` }),
  },
  {
    name: 'redis',
    open: () =>
      createLimiterStore({ redisUrl: REDIS_URL, failOpen: true, keyPrefix: `t-${randomUUID()}` }),
  },
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const backend of backends) {
  describe(`limiter store contract: ${backend.name}`, () => {
    const store = backend.open();
    after(() => store.close());

    it('trips exactly after `points` consumes and counts the rejected one', async () => {
      const limiter = store.limiter({ name: 'trip', points: 3, duration: 60 });
      const seen = [];
      for (let i = 0; i < 5; i++) seen.push(await limiter.consume('k'));
      assert.deepEqual(
        seen.map((r) => [r.consumed, r.remaining, r.exceeded, r.unavailable]),
        [
          [1, 2, false, false],
          [2, 1, false, false],
          [3, 0, false, false],
          [4, 0, true, false],
          [5, 0, true, false],
        ],
      );
      const last = seen[4];
      assert.ok(last && last.msBeforeNext > 55_000 && last.msBeforeNext <= 60_000);
    });

    it('keeps keys, names and durations apart', async () => {
      const a = store.limiter({ name: 'apart', points: 1, duration: 60 });
      const b = store.limiter({ name: 'apart-2', points: 1, duration: 60 });
      const c = store.limiter({ name: 'apart', points: 1, duration: 30 });
      await a.consume('x');
      assert.equal((await a.consume('x')).exceeded, true);
      assert.equal((await a.consume('y')).exceeded, false);
      assert.equal((await b.consume('x')).exceeded, false);
      assert.equal((await c.consume('x')).exceeded, false);
    });

    it('shares the counter when only points change (limit read per request)', async () => {
      const key = 'k';
      await store.limiter({ name: 'dyn', points: 1, duration: 60 }).consume(key);
      assert.equal(
        (await store.limiter({ name: 'dyn', points: 1, duration: 60 }).consume(key)).exceeded,
        true,
      );
      const relaxed = await store.limiter({ name: 'dyn', points: 3, duration: 60 }).consume(key);
      assert.deepEqual([relaxed.consumed, relaxed.exceeded], [3, false]);
    });

    it('consumes several points at once (time budgets)', async () => {
      const limiter = store.limiter({ name: 'points', points: 1000, duration: 60 });
      await limiter.consume('k', 600);
      const r = await limiter.consume('k', 401);
      assert.deepEqual([r.consumed, r.remaining, r.exceeded], [1001, 0, true]);
    });

    it('get reads without counting; null for an unknown key', async () => {
      const limiter = store.limiter({ name: 'get', points: 2, duration: 60 });
      assert.equal(await limiter.get('k'), null);
      await limiter.consume('k');
      const read = await limiter.get('k');
      assert.deepEqual([read?.consumed, read?.remaining, read?.exceeded], [1, 1, false]);
      assert.equal((await limiter.get('k'))?.consumed, 1);
    });

    it('reset forgets the counter', async () => {
      const limiter = store.limiter({ name: 'reset', points: 1, duration: 60 });
      await limiter.consume('k');
      await limiter.consume('k');
      await limiter.reset('k');
      assert.equal(await limiter.get('k'), null);
      assert.equal((await limiter.consume('k')).exceeded, false);
      await limiter.reset('never-seen');
    });

    it('starts a new window after `duration`, fixed from the first consume', async () => {
      const limiter = store.limiter({ name: 'window', points: 1, duration: 1 });
      await limiter.consume('k');
      await sleep(500);
      assert.equal(
        (await limiter.consume('k')).exceeded,
        true,
        'a later consume does not extend the window',
      );
      await sleep(650);
      const fresh = await limiter.consume('k');
      assert.deepEqual([fresh.consumed, fresh.exceeded], [1, false]);
    });
  });
}

describe('limiter store with Redis down', () => {
  // Port 1 refuses connections: an unreachable Redis, deterministically.
  const down = 'redis://127.0.0.1:1/0';
  const spec = { name: 'down', points: 2, duration: 60 };

  it('fails open: allowed, nothing counted, error reported', async () => {
    const errors: unknown[] = [];
    const store = createLimiterStore({
      redisUrl: down,
      failOpen: true,
      onError: (e) => errors.push(e),
    });
    try {
      const r = await store.limiter(spec).consume('k');
      assert.deepEqual(r, {
        consumed: 0,
        remaining: 2,
        msBeforeNext: 0,
        exceeded: false,
        unavailable: true,
      });
      assert.equal(await store.limiter(spec).get('k'), null);
      await store.limiter(spec).reset('k');
      assert.equal(errors.length, 3);
    } finally {
      await store.close();
    }
  });

  it('fails closed: every consume and get is exceeded', async () => {
    const store = createLimiterStore({ redisUrl: down, failOpen: false });
    try {
      const r = await store.limiter(spec).consume('k');
      assert.deepEqual([r.exceeded, r.unavailable, r.remaining], [true, true, 0]);
      assert.ok(r.msBeforeNext > 0);
      assert.equal((await store.limiter(spec).get('k'))?.exceeded, true);
    } finally {
      await store.close();
    }
  });
});

describe('limiter store on a shared Redis', () => {
  it('two stores (two processes) share one budget', async () => {
    const prefix = `t-${randomUUID()}`;
    const one = createLimiterStore({ redisUrl: REDIS_URL, failOpen: false, keyPrefix: prefix });
    const two = createLimiterStore({ redisUrl: REDIS_URL, failOpen: false, keyPrefix: prefix });
    try {
      const spec = { name: 'shared', points: 3, duration: 60 };
      const results = await Promise.all(
        [1, 2, 3, 4].map((i) => (i % 2 ? one : two).limiter(spec).consume('k')),
      );
      assert.deepEqual(results.map((r) => r.consumed).sort(), [1, 2, 3, 4]);
      assert.equal(results.filter((r) => r.exceeded).length, 1);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });
});
