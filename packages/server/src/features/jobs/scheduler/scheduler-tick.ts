import { createHash } from 'node:crypto';
import type { Logger } from '../../../core/logger.js';
import type { Site } from '../../../engine/site.js';
import { withContext } from '../../../engine/runtime/with-context.js';
import { writeJob } from '../enqueue.js';
import { cronOf, queueOf, takesJitter } from './frequencies.js';
import { latestCronSlot } from './cron-slots.js';
import { schedulerSettings, type SchedulerSettings } from './scheduler-settings.js';
import { SLOT_TABLE } from './slot-table.js';
import { localDatetime } from '../local-datetime.js';
import { QueueOverloaded } from '../../../core/errors/index.js';

/** A slot one scheduler pass claimed. */
export interface ClaimedSlot {
  readonly jobType: string;
  /** The slot's scheduled time (jitter not included), Unix ms. */
  readonly slot: number;
  /** False when the previous run was still queued or running, so this slot was skipped. */
  readonly enqueued: boolean;
}

interface JobTypeRow {
  name: string;
  method: string;
  frequency: string;
  cron_format: string | null;
  create_log: number | string | null;
  creation: string;
  /** Set for a Scheduler Event Server Script's job type (§B7). */
  server_script: string | null;
}

/**
 * The job function that runs a Scheduler Event Server Script, with the
 * script's name as its `server_script` argument; the site's apps register it.
 */
export const SCHEDULED_SCRIPT_METHOD =
  'frappe.core.doctype.server_script.server_script.execute_scheduled_method';

/**
 * One pass of the scheduler over a site: for every Scheduled Job Type that
 * is not stopped, the most recent slot its schedule names (plus its jitter)
 * is claimed through the slot table — one process wins each slot — and its
 * job is enqueued on the job type's queue as Administrator, unless the
 * previous run is still queued or running.
 *
 * Catch-up policy: only the latest slot counts. Slots missed while no
 * scheduler ran are not replayed one by one; the job runs once at the next
 * tick, as Frappe's scheduler does. A slot before the job type existed never runs.
 *
 * Returns the slots this call claimed, and whether each enqueued a job.
 */
export async function runSchedulerTick(
  site: Site,
  logger: Logger,
  now = Date.now(),
): Promise<ClaimedSlot[]> {
  return withContext(site, 'Administrator', async (ctx) => {
    const settings = await schedulerSettings(site, ctx.uow);
    if (!settings.enabled) return [];
    const types = (await ctx.uow.db
      .selectFrom('tabScheduled Job Type')
      .select([
        'name',
        'method',
        'frequency',
        'cron_format',
        'create_log',
        'creation',
        'server_script',
      ])
      .where('stopped', '=', 0)
      .execute()) as JobTypeRow[];
    const claimed: ClaimedSlot[] = [];
    for (const type of types) {
      const slot = dueSlot(site, type, settings, now, logger);
      if (slot === null || slot <= createdAt(type)) continue;
      if (!(await claimSlot(ctx.uow, type.name, slot, now))) continue;
      const enqueued = await enqueueRun(site, ctx.uow, type, logger);
      await ctx.uow.db
        .updateTable('tabScheduled Job Type')
        .set({ last_execution: localDatetime(slot) })
        .where('name', '=', type.name)
        .execute();
      claimed.push({ jobType: type.name, slot, enqueued });
    }
    return claimed;
  });
}

/**
 * Enqueues one run of a job type as Administrator; false when the slot is
 * skipped: the previous run is still queued or running, or the queue is
 * full (`QueueOverloaded`: the other job types of the pass still run).
 */
async function enqueueRun(
  site: Site,
  uow: Parameters<typeof writeJob>[1],
  type: JobTypeRow,
  logger: Logger,
): Promise<boolean> {
  try {
    const job = await writeJob(
      site,
      uow,
      'Administrator',
      {
        method: type.server_script ? SCHEDULED_SCRIPT_METHOD : type.method,
        queue: queueOf(type.frequency),
        job_id: `scheduled:${type.name}`,
        deduplicate: true,
      },
      {
        kwargs: type.server_script ? { server_script: type.server_script } : {},
        scheduled_job_type: type.name,
        create_log: type.frequency !== 'All' || Number(type.create_log) === 1,
      },
    );
    if (job === null)
      logger.info(
        { job_type: type.name },
        'scheduled job still queued or running; this slot is skipped',
      );
    return job !== null;
  } catch (error) {
    if (!(error instanceof QueueOverloaded)) throw error;
    logger.warn({ job_type: type.name }, `${error.message} This slot is skipped.`);
    return false;
  }
}

/** The slot due now (jitter applied), or null when the schedule does not parse. */
function dueSlot(
  site: Site,
  type: JobTypeRow,
  settings: SchedulerSettings,
  now: number,
  logger: Logger,
): number | null {
  const cron = cronOf(type.frequency, type.cron_format);
  if (cron === null) {
    const interval = settings.intervalSeconds * 1000;
    return Math.floor(now / interval) * interval;
  }
  const jitter = takesJitter(type.frequency)
    ? jitterMs(site.name, type.name, settings.jitterSeconds)
    : 0;
  try {
    return latestCronSlot(cron, now - jitter, settings.timeZone);
  } catch (error) {
    logger.warn(
      { job_type: type.name, cron, err: error },
      'Scheduled Job Type has a cron expression that does not parse; skipped',
    );
    return null;
  }
}

/** A stable offset within the window for one site and job type. */
export function jitterMs(siteName: string, jobType: string, windowSeconds: number): number {
  if (windowSeconds <= 0) return 0;
  const hash = createHash('sha256').update(`${siteName}\u0000${jobType}`).digest();
  return Math.floor((hash.readUInt32BE(0) / 0x1_0000_0000) * windowSeconds * 1000);
}

/** The distributed lock: inserting the (job type, slot) row succeeds in exactly one process. */
async function claimSlot(
  uow: Parameters<typeof writeJob>[1],
  jobType: string,
  slot: number,
  now: number,
): Promise<boolean> {
  const insert = uow.db
    .insertInto(SLOT_TABLE)
    .values({ name: `${jobType}|${slot}`, scheduled_job_type: jobType, slot, claimed_at: now });
  const result =
    uow.dialect.capabilities.upsert === 'onDuplicateKeyUpdate'
      ? await insert.ignore().executeTakeFirst()
      : await insert
          .onConflict((conflict) => conflict.column('name').doNothing())
          .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

function createdAt(type: JobTypeRow): number {
  const ms = new Date(String(type.creation).replace(' ', 'T')).getTime();
  return Number.isNaN(ms) ? 0 : ms;
}
