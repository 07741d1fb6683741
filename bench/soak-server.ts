// The Cortado process a soak drives, apart from the load driver so its RSS and
// event loop are its own: `node --import tsx bench/soak-server.ts <sitesDir> <site>`.
// It runs `startServer` (HTTP, webhook and job workers) and answers the
// driver's `sample` messages with its RSS, heap and event-loop delay since the
// previous sample.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createLogger } from '../packages/server/src/core/logger.js';
import { startServer } from '../packages/server/src/main.js';

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
const lag = monitorEventLoopDelay({ resolution: 10 });
lag.enable();
const send = (message: SoakFromServer) => process.send?.(message);

process.on('message', (message: SoakToServer) => {
  if (message.type === 'stop') {
    void server.stop().finally(() => process.exit(0));
    return;
  }
  const { rss, heapUsed } = process.memoryUsage();
  send({ type: 'sample', rss, heapUsed, lagP99: lag.percentile(99) / 1e6, lagMax: lag.max / 1e6 });
  lag.reset();
});
send({ type: 'ready', url: server.url });
