// A small node:cluster of two Cortado HTTP workers for cluster-metrics.test.ts.
// The primary aggregates the workers' metrics; each worker serves /metrics by asking it.
// Prints `port=<n>` once both workers listen; stops on SIGTERM.
import cluster from 'node:cluster';
import { buildApp } from '../../src/app.js';
import { createLogger } from '../../src/core/logger.js';
import { serveClusterMetrics } from '../../src/platform/metrics/cluster-metrics.js';

const WORKERS = 2;

if (cluster.isPrimary) {
  serveClusterMetrics();
  const ports: number[] = [];
  for (let i = 0; i < WORKERS; i += 1) cluster.fork();
  cluster.on('message', (_worker, message: { port?: number }) => {
    if (typeof message?.port !== 'number') return;
    ports.push(message.port);
    if (ports.length === WORKERS) process.stdout.write(`port=${ports[0]}\n`);
  });
  process.once('SIGTERM', () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
    cluster.once('exit', () => process.exit(0));
  });
} else {
  const app = await buildApp({ sites: [], logger: createLogger({ level: 'silent' }) });
  app.addHook('onSend', async (_request, reply) => {
    reply.header('x-worker-pid', String(process.pid));
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  process.send?.({ port: typeof address === 'object' && address !== null ? address.port : 0 });
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
}
