// The Cortado server under test, in its own process so the load driver does
// not share its CPU: `node --import tsx bench/server.ts <sitesDir>`.
// Spawned by run.ts, which talks to it over IPC (child-protocol.ts). It runs
// what `cortado serve` runs beside the HTTP app: the site's webhook delivery
// and job workers (jobs in worker threads) and its scheduler, so their work
// and their locks are measured too.
import { buildApp } from '../packages/server/src/app.js';
import { createLogger } from '../packages/server/src/core/logger.js';
import { startJobWorker } from '../packages/server/src/features/jobs/index.js';
import { startScheduler } from '../packages/server/src/features/jobs/scheduler/index.js';
import { startWebhookWorker } from '../packages/server/src/features/webhooks/index.js';
import { jobThreadEntry } from '../packages/server/src/job-thread-entry.js';
import { openBenchSite } from './lib/bench-site.js';
import { answerRssQueries, send } from './lib/child-protocol.js';

const sitesDir = process.argv[2];
if (sitesDir === undefined) throw new Error('usage: server.ts <sitesDir>');

const site = await openBenchSite(sitesDir);
const logger = createLogger({ level: 'silent' });
const app = await buildApp({
  sites: [site],
  defaultSite: site.name,
  logger,
  realtime: { redisUrl: null },
});
const workers =
  process.env['BENCH_NO_WORKERS'] === '1'
    ? []
    : [
        startWebhookWorker(site, logger),
        startJobWorker(site, logger, { threadEntry: jobThreadEntry() }),
        startScheduler(site, logger),
      ];
const url = await app.listen({ port: 0, host: '127.0.0.1' });
answerRssQueries(async () => {
  await app.close();
  await Promise.all(workers.map((worker) => worker.stop()));
  await site.db.close();
});
send({ type: 'ready', url, rss: process.memoryUsage.rss() });
