import type { Database, TableSpec } from '../../platform/db/database.js';
import { syncTable } from '../../platform/db/sync-table.js';

/**
 * The embedded job queue: one row per job of this site. A row written inside
 * a request's transaction is also the outbox entry of `enqueue_after_commit`:
 * it becomes visible to workers only when that transaction commits.
 */
export const JOB_TABLE = 'tabBackground Job';

/** RQ's job statuses, the names Frappe shows on RQ Job. */
export const JOB_STATUSES = ['queued', 'started', 'finished', 'failed', 'canceled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Statuses in which a job id is taken: a second enqueue with that id is deduplicated. */
export const ACTIVE_STATUSES: readonly JobStatus[] = ['queued', 'started'];

/** A row of the job table. Times are Unix milliseconds so every dialect compares them alike. */
export interface JobRow {
  /** The namespaced id: `<site>||<job_id>` (A3). */
  name: string;
  job_id: string;
  /** Dotted path of the job function, or the document method for `enqueue_doc`. */
  method: string;
  /** JSON: `{ kwargs, doctype?, docname? }`. */
  payload: string;
  user: string;
  queue: string;
  /** Lower runs first within a queue; `at_front` jobs get a negative value. */
  priority: number;
  timeout: number;
  status: JobStatus;
  attempts: number;
  max_retries: number;
  retry_delay_ms: number;
  next_attempt_at: number;
  lease_until: number;
  /** Random token of the claim that owns a started job, so a stale worker cannot finish a reclaimed one. */
  lease_owner: string;
  worker_name: string | null;
  exc_info: string | null;
  result: string | null;
  enqueued_at: number;
  started_at: number | null;
  ended_at: number | null;
}

const SPEC: TableSpec = {
  name: JOB_TABLE,
  columns: [
    { name: 'name', type: 'varchar', length: 255, primaryKey: true },
    { name: 'job_id', type: 'varchar', length: 255, notNull: true },
    { name: 'method', type: 'varchar', length: 255, notNull: true },
    { name: 'payload', type: 'longtext', notNull: true },
    { name: 'user', type: 'varchar', length: 140, notNull: true },
    { name: 'queue', type: 'varchar', length: 40, notNull: true },
    { name: 'priority', type: 'bigint', notNull: true, defaultValue: 0 },
    { name: 'timeout', type: 'int', notNull: true, defaultValue: 300 },
    { name: 'status', type: 'varchar', length: 20, notNull: true },
    { name: 'attempts', type: 'int', notNull: true, defaultValue: 0 },
    { name: 'max_retries', type: 'int', notNull: true, defaultValue: 0 },
    { name: 'retry_delay_ms', type: 'bigint', notNull: true, defaultValue: 0 },
    { name: 'next_attempt_at', type: 'bigint', notNull: true, defaultValue: 0 },
    { name: 'lease_until', type: 'bigint', notNull: true, defaultValue: 0 },
    { name: 'lease_owner', type: 'varchar', length: 64, notNull: true },
    { name: 'worker_name', type: 'varchar', length: 140 },
    { name: 'exc_info', type: 'longtext' },
    { name: 'result', type: 'longtext' },
    { name: 'enqueued_at', type: 'bigint', notNull: true, defaultValue: 0 },
    { name: 'started_at', type: 'bigint' },
    { name: 'ended_at', type: 'bigint' },
  ],
  indexes: [
    { name: 'background_job_due', columns: ['status', 'queue', 'next_attempt_at'] },
    { name: 'background_job_lease', columns: ['status', 'lease_until'] },
  ],
};

/** Creates or extends the job table; run by migrate. */
export async function ensureJobTable(db: Database): Promise<void> {
  await syncTable(db, SPEC);
}
