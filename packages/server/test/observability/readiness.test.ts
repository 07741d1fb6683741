import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { closeJobBackend } from '../../src/features/jobs/index.js';
import { buildTestApp } from '../helpers/build-test-app.js';
import { waitFor } from '../helpers/wait-for.js';

/** A loopback port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('readiness reflects the database, Redis and the queue', () => {
  it('reports each check when all answer', async () => {
    const t = await buildTestApp({
      migrate: true,
      config: { redis_cache: 'redis://127.0.0.1:6379/0', redis_queue: 'redis://127.0.0.1:6379/0' },
    });
    try {
      // A process is ready once its Redis connections are up: the first probes
      // of a cold process on a loaded machine may rightly answer 503 (each
      // check waits 2 s), so the probe is asked until it says ok.
      let last = '';
      const res = await waitFor(
        () => `a ready answer; the last was ${last}`,
        async () => {
          const answer = await t.app.inject({ url: '/api/health/ready' });
          last = `${answer.statusCode} ${answer.body}`;
          return answer.statusCode === 200 && answer;
        },
      );
      assert.deepEqual(res.json(), {
        status: 'ok',
        checks: { database: 'ok', redis_cache: 'ok', queue: 'ok' },
      });
    } finally {
      await closeJobBackend(t.site);
      await t.close();
    }
  });

  it('answers 503 naming what is down when Redis does not answer', async () => {
    const url = `redis://127.0.0.1:${await closedPort()}/0`;
    const t = await buildTestApp({ migrate: true, config: { redis_cache: url, redis_queue: url } });
    try {
      const res = await t.app.inject({ url: '/api/health/ready' });
      assert.equal(res.statusCode, 503, res.body);
      assert.equal(res.json().exc_type, 'ServiceUnavailableError');
      assert.match(res.body, /Redis_cache, queue unavailable/);
      const live = await t.app.inject({ url: '/api/health/live' });
      assert.equal(live.statusCode, 200);
    } finally {
      await closeJobBackend(t.site);
      await t.close();
    }
  });

  it('without Redis configured, only the database is checked', async () => {
    const t = await buildTestApp();
    try {
      const res = await t.app.inject({ url: '/api/health/ready' });
      assert.equal(res.json().checks.redis_cache, 'not configured');
      assert.equal(res.json().checks.database, 'ok');
    } finally {
      await t.close();
    }
  });
});
