import type { Context } from '../../engine/context.js';
import type { Site } from '../../engine/site.js';
import type { JobOptions } from '../../engine/runtime/job-options.js';
import { ValidationError } from '../../core/errors/index.js';
import type { UnitOfWork } from '../../platform/db/database.js';
import { namespacedJobId } from './job-id.js';
import { ACTIVE_STATUSES, JOB_TABLE, type JobRow, type JobStatus } from './job-table.js';
import { assertJsonPayload } from './json-payload.js';
import { checkQueue, QUEUE_TIMEOUTS } from './queues.js';
import { runJobNow } from './run-job.js';
import { assertQueueHasRoom } from './queue-overload.js';
import { jobStoreOf, jobsWritten, usesBullmq } from './job-backend.js';

/** `frappe.enqueue`'s parameters (A2), in Frappe's names, plus Cortado's retry policy. */
export interface EnqueueOptions extends JobOptions {
  /** Dotted path of a job function an app registers under `jobs` (or a whitelisted method). */
  readonly method: string;
  /** Run in the caller's transaction now and return the result; no job. */
  readonly now?: boolean;
  /** Runs after the first one fails (default 0: Frappe has no automatic retry). */
  readonly retry?: number;
  /** Seconds before the first retry; each later retry waits twice as long (default 10). */
  readonly retry_interval?: number;
  readonly kwargs?: Record<string, unknown>;
}

/** What `enqueue` returns: the stored job. */
export interface EnqueuedJob {
  /** The namespaced id (`<site>||<job_id>`), what RQ Job shows as `job_id`. */
  readonly id: string;
  readonly job_id: string;
  readonly queue: string;
  readonly status: 'queued';
}

/** The stored description of what to call. */
export interface JobPayload {
  readonly kwargs: Record<string, unknown>;
  /** Set by `enqueueDoc`: the method is a controller method of this document. */
  readonly doctype?: string;
  readonly docname?: string;
  /** Set by the scheduler: the Scheduled Job Type this run belongs to. */
  readonly scheduled_job_type?: string;
  /** Write a Scheduled Job Log row when the run ends. */
  readonly create_log?: boolean;
}

/**
 * Frappe's `frappe.enqueue` for apps: writes the job in the caller's
 * transaction, so it exists only if that transaction commits (the
 * transactional outbox: nothing runs for a rolled-back request, nothing is lost
 * after a commit), and wakes this process's workers after the commit.
 * Returns null when deduplicated or when `enqueue_after_commit` is set, the
 * method's result with `now`.
 *
 * @example
 * await enqueue(ctx, { method: 'my_app.tasks.rebuild', queue: 'long', kwargs: { customer: 'C-1' } });
 */
export async function enqueue(
  ctx: Context,
  options: EnqueueOptions,
): Promise<EnqueuedJob | null | unknown> {
  const payload: JobPayload = { kwargs: options.kwargs ?? {} };
  if (options.now === true) return runJobNow(ctx, options.method, payload);
  const job = await writeJob(ctx.site, ctx.uow, ctx.user, options, payload);
  return options.enqueue_after_commit === true ? null : job;
}

/**
 * Frappe's `frappe.enqueue_doc`: a job that loads `doctype`/`name` as the
 * enqueuing user and calls the controller's whitelisted `method` with `kwargs`.
 */
export async function enqueueDoc(
  ctx: Context,
  doctype: string,
  name: string,
  method: string,
  options: Omit<EnqueueOptions, 'method'> = {},
): Promise<EnqueuedJob | null | unknown> {
  const payload: JobPayload = { kwargs: options.kwargs ?? {}, doctype, docname: name };
  if (options.now === true) return runJobNow(ctx, method, payload);
  const job = await writeJob(ctx.site, ctx.uow, ctx.user, { ...options, method }, payload);
  return options.enqueue_after_commit === true ? null : job;
}

/**
 * Writes one job row in `uow` (on BullMQ, the outbox row relayed after the
 * commit); null when an active job holds the id; `QueueOverloaded` when the
 * queue is full (a deduplicated enqueue is answered first: it adds nothing). A
 * finished or failed job with the id is replaced (Frappe's `deduplicate`).
 * The primary key decides races (of 8 concurrent enqueuers, one inserts), on
 * BullMQ with a look at Redis after the insert (`takenInRedis`).
 */
export async function writeJob(
  site: Site,
  uow: UnitOfWork,
  user: string,
  options: EnqueueOptions,
  payload: JobPayload,
): Promise<EnqueuedJob | null> {
  const row = jobRow(site, user, options, payload);
  // A plain read first: a DELETE of an absent row would take a gap lock on
  // MariaDB and deadlock concurrent enqueuers of the same id.
  const existing = (await uow.db
    .selectFrom(JOB_TABLE)
    .select('status')
    .where('name', '=', row.name)
    .executeTakeFirst()) as { status: JobStatus } | undefined;
  if (existing !== undefined && ACTIVE_STATUSES.includes(existing.status)) return null;
  await assertQueueHasRoom(site, uow.db, row.queue);
  if (existing !== undefined)
    await uow.db
      .deleteFrom(JOB_TABLE)
      .where('name', '=', row.name)
      .where('status', 'not in', ACTIVE_STATUSES)
      .execute();
  const insert = uow.db.insertInto(JOB_TABLE).values(row);
  const result =
    uow.dialect.capabilities.upsert === 'onDuplicateKeyUpdate'
      ? await insert.ignore().executeTakeFirst()
      : await insert
          .onConflict((conflict) => conflict.column('name').doNothing())
          .executeTakeFirst();
  if (Number(result.numInsertedOrUpdatedRows ?? 0) !== 1) return null;
  if (await takenInRedis(site, uow, options, row.name)) return null;
  uow.afterCommit(() => jobsWritten(site));
  return { id: row.name, job_id: row.job_id, queue: row.queue, status: 'queued' };
}

/**
 * On BullMQ a committed job leaves the outbox once relayed, so the primary key
 * alone does not hold its id. Asked after the insert, this closes the race: a
 * competitor that committed before the insert is either still in the outbox
 * (the insert met its row) or already in Redis (relaying adds to Redis before
 * it deletes the row), where this finds it; the insert is then taken back.
 */
async function takenInRedis(
  site: Site,
  uow: UnitOfWork,
  options: EnqueueOptions,
  name: string,
): Promise<boolean> {
  if (options.job_id === undefined || !usesBullmq(site)) return false;
  if (!(await jobStoreOf(site, uow.db).isActive(name))) return false;
  await uow.db.deleteFrom(JOB_TABLE).where('name', '=', name).execute();
  return true;
}

function jobRow(site: Site, user: string, options: EnqueueOptions, payload: JobPayload): JobRow {
  if (typeof options.method !== 'string' || options.method.trim() === '')
    throw new ValidationError('A background job needs a method');
  if (options.deduplicate === true && !options.job_id)
    throw new ValidationError('`job_id` paramater is required for deduplication.');
  assertJsonPayload(payload.kwargs);
  const queue = checkQueue(options.queue ?? 'default');
  const timeout = positive(options.timeout, 'timeout') ?? QUEUE_TIMEOUTS[queue] ?? 300;
  const name = namespacedJobId(site.name, options.job_id);
  const now = Date.now();
  return {
    name,
    job_id: options.job_id ?? name.slice(site.name.length + 2),
    method: options.method,
    payload: JSON.stringify(payload),
    user,
    queue,
    priority: options.at_front === true ? -now : now,
    timeout,
    status: 'queued',
    attempts: 0,
    max_retries: Math.floor(nonNegative(options.retry, 'retry') ?? 0),
    retry_delay_ms: Math.round(
      (nonNegative(options.retry_interval, 'retry_interval') ?? 10) * 1000,
    ),
    next_attempt_at: now,
    lease_until: 0,
    lease_owner: '',
    worker_name: null,
    exc_info: null,
    result: null,
    enqueued_at: now,
    started_at: null,
    ended_at: null,
  };
}

function positive(value: unknown, name: string): number | undefined {
  const number = nonNegative(value, name);
  if (number === 0) throw new ValidationError(`${name} must be a positive number of seconds`);
  return number;
}

function nonNegative(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    throw new ValidationError(`${name} must be a non-negative number`);
  return value;
}
