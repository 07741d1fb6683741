import { createLogger } from './core/logger.js';
import type { Site } from './engine/site.js';
import {
  startScheduler,
  type ClaimedSlot,
  type Scheduler,
} from './features/jobs/scheduler/index.js';
import { closeJobBackend } from './features/jobs/index.js';
import { openSite } from './sites/open-site.js';

/** A running `cortado schedule` process. */
export interface RunningSchedule {
  /** Finishes the pass in progress, then closes every site's pool. */
  stop(): Promise<void>;
}

/**
 * Opens `sites` and runs their schedulers (bench's `schedule`) until stopped.
 * Any number may run beside `cortado serve`: each slot is claimed once.
 *
 * @example
 * const schedule = await startSchedule({ sitesDir: './sites', sites: ['erp.localhost'] });
 */
export async function startSchedule(options: {
  readonly sitesDir: string;
  readonly sites: readonly string[];
  /** Called after each pass with the slots it claimed. */
  readonly onTick?: (site: string, claimed: ClaimedSlot[]) => void;
}): Promise<RunningSchedule> {
  const sites: Site[] = [];
  const schedulers: Scheduler[] = [];
  for (const name of options.sites) {
    const site = await openSite(options.sitesDir, name);
    sites.push(site);
    const onTick = options.onTick;
    schedulers.push(
      startScheduler(
        site,
        createLogger({ level: site.config.log_level }),
        onTick ? { onTick: (claimed) => onTick(name, claimed) } : {},
      ),
    );
  }
  return {
    async stop() {
      await Promise.all(schedulers.map((scheduler) => scheduler.stop()));
      for (const site of sites) {
        await closeJobBackend(site);
        await site.db.close();
      }
    },
  };
}
