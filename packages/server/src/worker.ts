import { createLogger } from './core/logger.js';
import type { Site } from './engine/site.js';
import { closeJobBackend, startJobWorker } from './features/jobs/index.js';
import { jobThreadEntry } from './job-thread-entry.js';
import { startWebhookWorker } from './features/webhooks/index.js';
import { openSite } from './sites/open-site.js';
import { realtimeRedis } from './core/config/realtime-redis.js';
import {
  createRelayPublisher,
  realtimeDocListener,
  setRealtimeFallback,
} from './features/realtime/index.js';

/** A running `cortado worker` process. */
export interface RunningWorker {
  /** Finishes deliveries in flight, then closes every site's pool. */
  stop(): Promise<void>;
}

/**
 * Opens `siteNames` and runs their background workers (webhook deliveries and
 * the background jobs of `queues`, default all) until stopped. Any number may
 * run beside `cortado serve`: each delivery and each job is claimed by one
 * worker at a time.
 *
 * @example
 * const worker = await startWorker({ sitesDir: './sites', sites: ['erp.localhost'] });
 */
export async function startWorker(options: {
  readonly sitesDir: string;
  readonly sites: readonly string[];
  /** Job queues to serve, in priority order (default: short, default, long). */
  readonly queues?: readonly string[];
}): Promise<RunningWorker> {
  const sites: Site[] = [];
  const workers: { stop(): Promise<void> }[] = [];
  // No socket.io server here: what jobs publish goes to the server processes over Redis.
  const redisUrl = realtimeRedis(options.sitesDir);
  const relay = redisUrl === null ? undefined : await createRelayPublisher(redisUrl);
  if (relay !== undefined) {
    setRealtimeFallback(relay.sink);
    workers.push({ stop: () => relay.close().finally(() => setRealtimeFallback(undefined)) });
  }
  for (const name of options.sites) {
    const site = await openSite(options.sitesDir, name);
    sites.push(site);
    const logger = createLogger({ level: site.config.log_level });
    if (relay !== undefined) site.events.subscribe(realtimeDocListener(site));
    workers.push(
      startWebhookWorker(site, logger),
      startJobWorker(site, logger, {
        threadEntry: jobThreadEntry(),
        ...(options.queues ? { queues: options.queues } : {}),
      }),
    );
  }
  return {
    async stop() {
      await Promise.all(workers.map((worker) => worker.stop()));
      for (const site of sites) {
        await closeJobBackend(site);
        await site.db.close();
      }
    },
  };
}
