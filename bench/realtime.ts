// Realtime fan-out latency to 1,000 connected sockets: one event published
// through Cortado's path (`publish_realtime` → the `all` room of the site's
// namespace, sockets authenticated by the handshake) beside the floor,
// socket.io alone (a bare server emitting to every socket). Clients and server
// share this process, so both rows pay the same client cost.
// `node --import tsx bench/realtime.ts [--sockets 1000] [--rounds 30]`
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Server } from 'socket.io';
import { io as connectClient, type Socket } from 'socket.io-client';
import { buildApp } from '../packages/server/src/app.js';
import { createLogger } from '../packages/server/src/core/logger.js';
import { publishRealtime } from '../packages/server/src/features/realtime/index.js';
import type { Authenticator } from '../packages/server/src/http/authenticator.js';
import { createSite } from '../packages/server/src/sites/create-site.js';

const { values } = parseArgs({
  options: {
    sockets: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '30' },
  },
});
const SOCKETS = Number(values.sockets);
const ROUNDS = Number(values.rounds);

/** Every socket is a System Manager: the bench measures fan-out, not the handshake's credential check. */
const benchUser: Authenticator = () => ({ user: 'Administrator', via: 'token', systemUser: true });

async function connectAll(url: string): Promise<Socket[]> {
  const sockets: Socket[] = [];
  for (let i = 0; i < SOCKETS; i += 50)
    sockets.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(50, SOCKETS - i) }, () => {
          const socket = connectClient(url, { transports: ['websocket'], reconnection: false });
          return new Promise<Socket>((resolve, reject) => {
            socket.once('connect', () => resolve(socket));
            socket.once('connect_error', reject);
          });
        }),
      )),
    );
  return sockets;
}

/** Publishes ROUNDS events one after another; answers every socket's delivery latency in ms. */
async function measure(sockets: Socket[], publish: (round: number) => void): Promise<number[]> {
  const latencies: number[] = [];
  let sentAt = 0;
  let pending = 0;
  let roundDone: () => void = () => {};
  for (const socket of sockets)
    socket.on('bench', () => {
      latencies.push(performance.now() - sentAt);
      if (--pending === 0) roundDone();
    });
  for (let round = 0; round < ROUNDS; round++) {
    const done = new Promise<void>((resolve) => (roundDone = resolve));
    pending = sockets.length;
    sentAt = performance.now();
    publish(round);
    await done;
  }
  return latencies;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function floor(): Promise<number[]> {
  const http = createServer();
  const io = new Server(http, { serveClient: false });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const sockets = await connectAll(url);
  try {
    return await measure(sockets, (round) => io.emit('bench', { round }));
  } finally {
    for (const socket of sockets) socket.close();
    await io.close();
  }
}

async function cortado(): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cortado-bench-rt-'));
  const name = `rt-${randomUUID().slice(0, 8)}.localhost`;
  const { site } = await createSite(dir, name, {
    adminPassword: randomUUID(),
    config: { db_type: 'sqlite', log_level: 'silent' },
  });
  const app = await buildApp({
    sites: [site],
    defaultSite: name,
    logger: createLogger({ level: 'silent' }),
    authenticate: benchUser,
    realtime: { redisUrl: null },
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const sockets = await connectAll(`${url}/${name}`);
  try {
    return await measure(sockets, (round) =>
      publishRealtime({ site }, { event: 'bench', message: { round } }),
    );
  } finally {
    for (const socket of sockets) socket.close();
    await app.close();
    await site.db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const rows: [string, number[]][] = [
  ['socket.io alone (floor)', await floor()],
  ['Cortado publish_realtime', await cortado()],
];
const [base50, base99] = [50, 99].map((p) =>
  percentile(
    [...rows[0]![1]].sort((a, b) => a - b),
    p,
  ),
);
console.log(`| path | p50 ms | p99 ms | p50 vs floor | p99 vs floor |`);
console.log('|---|---:|---:|---:|---:|');
for (const [label, samples] of rows) {
  const sorted = [...samples].sort((a, b) => a - b);
  const [p50, p99] = [percentile(sorted, 50), percentile(sorted, 99)];
  console.log(
    `| ${label} (${SOCKETS} sockets, ${ROUNDS} events) | ${p50.toFixed(1)} | ${p99.toFixed(1)} | ${(p50 / base50!).toFixed(2)} | ${(p99 / base99!).toFixed(2)} |`,
  );
}
process.exit(0);
