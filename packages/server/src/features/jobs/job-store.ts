import type { JobRow, JobStatus } from './job-table.js';

/** One job as RQ Job shows it, the same on either backend. */
export type JobInfo = Pick<
  JobRow,
  | 'name'
  | 'job_id'
  | 'method'
  | 'queue'
  | 'status'
  | 'user'
  | 'timeout'
  | 'attempts'
  | 'exc_info'
  | 'result'
  | 'enqueued_at'
  | 'started_at'
  | 'ended_at'
  | 'worker_name'
> & { readonly kwargs: Record<string, unknown> };

/** Which jobs a listing asks for. */
export interface JobFilter {
  readonly status?: JobStatus;
  readonly queue?: string;
  readonly limit?: number;
}

/** A worker serving a site's queues, as RQ Worker shows it. */
export interface WorkerInfo {
  readonly name: string;
  readonly queues: readonly string[];
  readonly status: 'busy' | 'idle';
}

/**
 * Reads and changes one site's live queue, whatever backs it: the embedded
 * job table, or BullMQ on Redis (with the outbox rows not yet relayed).
 */
export interface JobStore {
  get(name: string): Promise<JobInfo | undefined>;
  list(filter: JobFilter): Promise<JobInfo[]>;
  /** Jobs waiting in `queue` (queued, including those waiting out a retry backoff), what back-pressure counts. */
  queuedCount(queue: string): Promise<number>;
  /** True while a job with this namespaced id is queued or started outside the outbox. */
  isActive(name: string): Promise<boolean>;
  /** Cancels a queued job; false when there is none queued with this id. */
  cancel(name: string): Promise<boolean>;
  /** Queues a failed job again; false when there is no failed job with this id. */
  retry(name: string): Promise<boolean>;
  /** Deletes a finished, failed or canceled job; false when there is none or it is still active. */
  remove(name: string): Promise<boolean>;
  workers(): Promise<WorkerInfo[]>;
}

/** A stored row as a JobInfo. */
export function infoFromRow(row: JobRow): JobInfo {
  let kwargs: Record<string, unknown> = {};
  try {
    kwargs = (JSON.parse(row.payload) as { kwargs?: Record<string, unknown> }).kwargs ?? {};
  } catch {
    // A row written by a newer version may carry another shape; show no arguments.
  }
  return {
    name: row.name,
    job_id: row.job_id,
    method: row.method,
    queue: row.queue,
    status: row.status,
    user: row.user,
    timeout: Number(row.timeout),
    attempts: Number(row.attempts),
    exc_info: row.exc_info,
    result: row.result,
    enqueued_at: Number(row.enqueued_at),
    started_at: row.started_at === null ? null : Number(row.started_at),
    ended_at: row.ended_at === null ? null : Number(row.ended_at),
    worker_name: row.worker_name,
    kwargs,
  };
}
