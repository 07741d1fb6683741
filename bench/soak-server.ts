// The Cortado process a soak drives, apart from the load driver so its RSS and
// event loop are its own: `node --import tsx bench/soak-server.ts <sitesDir> <site>`.
// It runs `startServer` (HTTP, webhook and job workers) and answers the
// driver's `sample` messages with its RSS, heap and event-loop delay since the
// previous sample.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createLogger } from '../packages/server/src/core/logger.js';
import { queueDepths } from '../packages/server/src/features/jobs/index.js';
import { startServer } from '../packages/server/src/main.js';
import { openSite } from '../packages/server/src/sites/open-site.js';

export type SoakToServer = { readonly type: 'sample' } | { readonly type: 'stop' };
export type SoakFromServer =
  | { readonly type: 'ready'; readonly url: string }
  | {
      readonly type: 'sample';
      readonly rss: number;
      readonly heapUsed: number;
      /** Event-loop delay since the previous sample, milliseconds. */
      readonly lagP99: number;
      readonly lagMax: number;
      /** Background jobs waiting to run, all queues together: a backlog that grows is load the workers do not keep up with. */
      readonly jobsQueued: number;
    };

const [sitesDir, siteName] = process.argv.slice(2);
if (sitesDir === undefined || siteName === undefined)
  throw new Error('usage: soak-server.ts <sitesDir> <site>');

const server = await startServer({
  sitesDir,
  defaultSite: siteName,
  port: 0,
  handleSignals: false,
  realtime: false,
  logger: createLogger({ level: 'silent' }),
});
// A handle of its own for counting the queue, as a metrics scrape would.
const counting = await openSite(sitesDir, siteName);
const lag = monitorEventLoopDelay({ resolution: 10 });
lag.enable();
const send = (message: SoakFromServer) => process.send?.(message);

process.on('message', (message: SoakToServer) => {
  if (message.type === 'stop') {
    void server
      .stop()
      .then(() => counting.db.close())
      .finally(() => process.exit(0));
    return;
  }
  void sample();
});

async function sample(): Promise<void> {
  const { rss, heapUsed } = process.memoryUsage();
  const lagP99 = lag.percentile(99) / 1e6;
  const lagMax = lag.max / 1e6;
  lag.reset();
  let jobsQueued = 0;
  for (const depth of (await queueDepths(counting)).values()) jobsQueued += depth;
  send({ type: 'sample', rss, heapUsed, lagP99, lagMax, jobsQueued });
}
send({ type: 'ready', url: server.url });
