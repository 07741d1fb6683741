import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SharedCache } from './shared-cache.js';

function clockedCache(maxEntries = 10) {
  const clock = { now: 0 };
  const cache = new SharedCache<string>({ ttlMs: 100, maxEntries, now: () => clock.now });
  let loads = 0;
  const get = (key: string, value = key) => cache.get(key, async () => (loads++, value));
  return { cache, clock, get, loads: () => loads };
}

describe('SharedCache', () => {
  it('serves a fresh entry without loading, reloads once the TTL is over', async () => {
    const { clock, get, loads } = clockedCache();
    assert.equal(await get('a'), 'a');
    clock.now = 99;
    assert.equal(await get('a', 'b'), 'a');
    assert.equal(loads(), 1);
    clock.now = 100;
    assert.equal(await get('a', 'b'), 'b');
    assert.equal(loads(), 2);
  });

  it('invalidate drops every entry', async () => {
    const { cache, get, loads } = clockedCache();
    await get('a');
    await get('b');
    cache.invalidate();
    await get('a');
    await get('b');
    assert.equal(loads(), 4);
  });

  it('a load that began before an invalidation is returned but not stored', async () => {
    const { cache } = clockedCache();
    let release: (value: string) => void = () => undefined;
    const pending = cache.get('a', () => new Promise<string>((resolve) => (release = resolve)));
    cache.invalidate();
    release('old');
    assert.equal(await pending, 'old');
    assert.equal(await cache.get('a', async () => 'new'), 'new');
  });

  it('a caller whose snapshot predates an invalidation neither reads nor stores the cache', async () => {
    const { cache } = clockedCache();
    const since = cache.epoch;
    await cache.get('a', async () => 'cached');
    cache.invalidate();
    await cache.get('a', async () => 'fresh');
    assert.equal(await cache.get('a', async () => 'from old snapshot', since), 'from old snapshot');
    assert.equal(await cache.get('a', async () => 'unused'), 'fresh');
  });

  it('forget drops one entry; past maxEntries the least recently stored goes', async () => {
    const { cache, get, loads } = clockedCache(2);
    await get('a');
    await get('b');
    cache.forget('a');
    await get('a');
    assert.equal(loads(), 3);
    await get('c');
    await get('a');
    await get('b');
    assert.equal(loads(), 4 + 1);
  });
});
