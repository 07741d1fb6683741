/**
 * Closing a site's BullMQ queues while their connections are still starting.
 * A BullMQ connection starts by asking Redis `INFO`; closed while that answer
 * is on its way, BullMQ fails the start after it has removed its own
 * listeners, and the process met an unhandled rejection ("Connection is
 * closed."), which failed whichever test was running (the readiness probe's,
 * on a loaded machine). A loopback proxy in front of Redis holds every answer
 * after a connection's second `INFO` (ioredis asks first, then BullMQ), so
 * the close always meets that moment.
 */
import assert from 'node:assert/strict';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { after, describe, it } from 'node:test';
import { bullmqQueuesOf, closeBullmqQueues } from '../../src/features/jobs/bullmq/bullmq-queues.js';
import { buildTestApp } from '../helpers/build-test-app.js';
import { waitFor } from '../helpers/wait-for.js';

/** RESP's encoding of the command `INFO`, as ioredis and BullMQ send it. */
const INFO = /\$4\r\ninfo\r\n/gi;

interface StallingProxy {
  readonly url: string;
  /** Connections whose second INFO has gone to Redis, its answer held. */
  stalled(): number;
  /** Connections the client side has closed. */
  closed(): number;
  close(): Promise<void>;
}

async function stallingProxy(): Promise<StallingProxy> {
  const sockets = new Set<Socket>();
  let stalled = 0;
  let closed = 0;
  const server: Server = createServer((client) => {
    const redis = createConnection({ host: '127.0.0.1', port: 6379 });
    sockets.add(client).add(redis);
    let infos = 0;
    client.on('data', (chunk) => {
      const before = infos;
      infos += chunk.toString('latin1').match(INFO)?.length ?? 0;
      if (before < 2 && infos >= 2) stalled++;
      redis.write(chunk);
    });
    client.once('close', () => closed++);
    redis.on('data', (chunk) => {
      if (infos < 2) client.write(chunk);
    });
    const end = () => {
      client.destroy();
      redis.destroy();
    };
    client.on('close', end).on('error', end);
    redis.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `redis://127.0.0.1:${port}/0`,
    stalled: () => stalled,
    closed: () => closed,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('closing BullMQ queues that are still starting', () => {
  const unhandled: unknown[] = [];
  const record = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', record);
  after(() => process.off('unhandledRejection', record));

  it('leaves no unhandled rejection when Redis has not answered their INFO', async () => {
    const proxy = await stallingProxy();
    const t = await buildTestApp({ config: { redis_queue: '' } });
    try {
      const site = { ...t.site, config: { ...t.site.config, redis_queue: proxy.url } };
      const queues = await bullmqQueuesOf(site);
      const count = queues.all().length;
      await waitFor(`${count} connections waiting on INFO`, () => proxy.stalled() >= count);
      await closeBullmqQueues(site);
      // The sockets' close is what fails the starts: once the proxy has seen
      // them all go, the rejections (if any) are a turn of the loop away.
      await waitFor(`${count} connections closed`, () => proxy.closed() >= count);
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(unhandled.map(String), []);
    } finally {
      await t.close();
      await proxy.close();
    }
  });
});
