import type { Job } from 'bullmq';
import type { JobStatus, JobRow } from '../job-table.js';
import { clipJobText } from '../job-logs.js';
import { infoFromRow, type JobInfo } from '../job-store.js';

/** What a BullMQ job carries: the outbox row's description of the call, JSON only. */
export type BullmqJobData = Pick<
  JobRow,
  'name' | 'job_id' | 'method' | 'payload' | 'user' | 'queue' | 'timeout' | 'enqueued_at'
>;

/** BullMQ's states in RQ's status names. */
const STATUS_OF_STATE: Readonly<Record<string, JobStatus>> = {
  waiting: 'queued',
  wait: 'queued',
  delayed: 'queued',
  prioritized: 'queued',
  'waiting-children': 'queued',
  active: 'started',
  completed: 'finished',
  failed: 'failed',
};

export function statusOfState(state: string): JobStatus | undefined {
  return STATUS_OF_STATE[state];
}

/** The BullMQ states that hold jobs of an RQ status. */
export function statesOfStatus(status: JobStatus): string[] {
  return Object.keys(STATUS_OF_STATE).filter(
    (state) => STATUS_OF_STATE[state] === status && state !== 'wait',
  );
}

/** The job as a row the runners take and RQ Job shows. */
export function rowOfBullmqJob(job: Job<BullmqJobData>, status: JobStatus): JobRow {
  const data = job.data;
  // The processor fails a job with its traceback as the message.
  const failed = job.failedReason ? clipJobText(job.failedReason) : null;
  return {
    ...data,
    priority: 0,
    status,
    attempts: Number(job.attemptsStarted ?? job.attemptsMade),
    max_retries: Math.max(0, Number(job.opts.attempts ?? 1) - 1),
    retry_delay_ms: 0,
    next_attempt_at: 0,
    lease_until: 0,
    lease_owner: '',
    worker_name: job.processedBy ?? null,
    exc_info: failed,
    result: status === 'finished' ? clipJobText(JSON.stringify(job.returnvalue ?? null)) : null,
    started_at: job.processedOn ?? null,
    ended_at: job.finishedOn ?? null,
  };
}

export function infoOfBullmqJob(job: Job<BullmqJobData>, status: JobStatus): JobInfo {
  return infoFromRow(rowOfBullmqJob(job, status));
}
