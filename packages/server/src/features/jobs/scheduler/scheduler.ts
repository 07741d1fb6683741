import type { Logger } from '../../../core/logger.js';
import type { Site } from '../../../engine/site.js';
import { withContext } from '../../../engine/runtime/with-context.js';
import { runSchedulerTick, type ClaimedSlot } from './scheduler-tick.js';
import { syncScheduledJobTypes } from './sync-job-types.js';

/** A running scheduler. */
export interface Scheduler {
  /** Runs one pass now (tests, `cortado schedule --once`). */
  tick(): Promise<ClaimedSlot[]>;
  stop(): Promise<void>;
}

/**
 * Starts the scheduler of one site: syncs Scheduled Job Types from the apps'
 * `scheduler_events`, then every `scheduler_tick_seconds` (default 60)
 * enqueues the job types that are due. Any number of processes may run it:
 * each slot is claimed once (see `runSchedulerTick`). A failing pass is
 * logged and the next one runs as usual.
 *
 * @example
 * const scheduler = startScheduler(site, logger);
 */
export function startScheduler(
  site: Site,
  logger: Logger,
  options: { readonly onTick?: (claimed: ClaimedSlot[]) => void } = {},
): Scheduler {
  const tickSeconds = site.config['scheduler_tick_seconds'];
  const tickMs = typeof tickSeconds === 'number' && tickSeconds > 0 ? tickSeconds * 1000 : 60_000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();

  const synced = withContext(site, 'Administrator', (ctx) =>
    syncScheduledJobTypes(ctx, logger),
  ).catch((error: unknown) =>
    logger.error({ err: error }, 'Scheduled Job Types could not be synced from the apps'),
  );

  async function tick(): Promise<ClaimedSlot[]> {
    await synced;
    return runSchedulerTick(site, logger);
  }

  function loop(): void {
    if (stopped) return;
    running = tick()
      .then((claimed) => options.onTick?.(claimed))
      .catch((error: unknown) => logger.error({ err: error }, 'scheduler pass failed'))
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, tickMs);
      });
  }

  loop();
  return {
    tick,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
