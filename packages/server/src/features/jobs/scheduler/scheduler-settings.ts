import type { Site } from '../../../engine/site.js';
import type { UnitOfWork } from '../../../platform/db/database.js';

/** Scheduler settings of a site: site config beside System Settings. */
export interface SchedulerSettings {
  /** System Settings `enable_scheduler` is on, and site config sets neither `pause_scheduler` nor `maintenance_mode` (A6). */
  readonly enabled: boolean;
  /** System Settings `time_zone`, else UTC: cron expressions are read in it. */
  readonly timeZone: string;
  /** Seconds between runs of `All` jobs (Frappe's `scheduler_interval`). */
  readonly intervalSeconds: number;
  /** Window over which Daily and rarer jobs are spread per site and job type. */
  readonly jitterSeconds: number;
}

export async function schedulerSettings(site: Site, uow: UnitOfWork): Promise<SchedulerSettings> {
  const rows = (await uow.db
    .selectFrom('tabSingles')
    .select(['field', 'value'])
    .where('doctype', '=', 'System Settings')
    .where('field', 'in', ['enable_scheduler', 'time_zone'])
    .execute()) as { field: string; value: string | null }[];
  const value = (field: string) => rows.find((row) => row.field === field)?.value ?? null;
  return {
    enabled:
      Number(value('enable_scheduler') ?? 0) === 1 &&
      site.config['pause_scheduler'] !== true &&
      !site.config['maintenance_mode'],
    timeZone: value('time_zone') || 'UTC',
    intervalSeconds: site.config.scheduler_interval,
    jitterSeconds: site.config.scheduler_daily_jitter_seconds,
  };
}
