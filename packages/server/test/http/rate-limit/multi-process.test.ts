import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '../../helpers/wait-for.js';
import { REDIS_URL, siteBudgetUsed } from './rate-limit.fixtures.js';
import { spawnServer, type ServerProcess } from './spawn-server.js';

const WINDOW = 3600;
const LIMIT_US = 600_000_000;

/** The number of the budget window that ends `resetSeconds` from now (windows are aligned to the epoch). */
function windowEndingIn(resetSeconds: number): number {
  return Math.round((Date.now() / 1000 + resetSeconds) / WINDOW) - 1;
}

describe('two server processes on one Redis', () => {
  const site = `multi-${process.pid}-${Date.now()}.localhost`;
  let servers: ServerProcess[] = [];

  before(async () => {
    const config = { redis_cache: REDIS_URL, rate_limit: { limit: 600, window: WINDOW } };
    servers = await Promise.all([spawnServer(site, config), spawnServer(site, config)]);
  });
  after(() => Promise.all(servers.map((s) => s.stop())));

  const get = (server: ServerProcess | undefined, path: string) =>
    fetch(`${server?.url}/api/method/${path}`, {
      headers: { accept: 'application/json', host: site },
    });

  it('share one per-method budget', async () => {
    const [one, two] = servers;
    const statuses = [];
    for (const server of [one, two, one, two])
      statuses.push((await get(server, 'rl.count')).status);
    assert.deepEqual(statuses, [200, 200, 429, 429]);
  });

  it('share one site time budget', async () => {
    const [one, two] = servers;
    const first = await get(one, 'ping');
    const used = Number(first.headers.get('x-ratelimit-used'));
    assert.ok(used > 0);
    const before = Number(first.headers.get('x-ratelimit-remaining'));
    // Server one records the duration after its reply: wait until Redis holds it.
    const window = windowEndingIn(Number(first.headers.get('x-ratelimit-reset')));
    await waitFor('server one to record its request', async () => {
      return (await siteBudgetUsed(site, WINDOW, window)) >= LIMIT_US - before + used;
    });
    const second = await get(two, 'ping');
    const remaining = Number(second.headers.get('x-ratelimit-remaining'));
    assert.ok(remaining <= before - used, `${remaining} should be at most ${before} - ${used}`);
  });
});
