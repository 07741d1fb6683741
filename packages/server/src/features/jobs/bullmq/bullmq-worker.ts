import { hostname } from 'node:os';
import type { Job, Worker } from 'bullmq';
import type { Logger } from '../../../core/logger.js';
import type { Site } from '../../../engine/site.js';
import { withContext } from '../../../engine/runtime/with-context.js';
import { closeOne } from '../../../platform/queue/bullmq/close-bullmq.js';
import type { JobPayload } from '../enqueue.js';
import { configNumber } from '../job-config.js';
import { clipJobText, excInfoOf, logFinalFailure, logScheduledRun } from '../job-logs.js';
import { createRunner } from '../job-runner.js';
import { QUEUE_NAMES } from '../queues.js';
import type { JobWorker, JobWorkerOptions } from '../worker-types.js';
import { rowOfBullmqJob, type BullmqJobData } from './bullmq-job-data.js';
import { bullmqQueueName, bullmqQueuesOf, closeBullmqQueues } from './bullmq-queues.js';
import { relayOutbox } from './relay-outbox.js';

/** A job failure carrying the job's traceback as its message, which BullMQ keeps as `failedReason`. */
class JobRunFailed extends Error {}

/**
 * The job worker of a site with `redis_queue`: one BullMQ worker per queue
 * (each running up to `background_workers` jobs at once, each job in the same
 * runner threads as the embedded backend, so a timeout really stops it).
 * BullMQ retries with exponential backoff; the last failure leaves one Error
 * Log. A job whose worker died is moved back to the queue by BullMQ's stalled
 * check once its lock (`job_lock_duration_ms`) runs out, and runs again.
 * Every poll interval the worker also relays outbox rows that a process
 * which committed them did not (it died first).
 */
export function startBullmqWorker(
  site: Site,
  logger: Logger,
  options: JobWorkerOptions = {},
): JobWorker {
  const queues = options.queues ?? QUEUE_NAMES;
  const concurrency = Math.max(
    1,
    options.concurrency ?? configNumber(site, 'background_workers', 1),
  );
  const pollMs = configNumber(site, 'job_poll_interval_ms', 1000);
  const lockDuration = configNumber(site, 'job_lock_duration_ms', 30_000);
  const name = options.name ?? `${hostname()}.${process.pid}`;
  const runner = createRunner(site, options);
  let stopped = false;
  let sweep: NodeJS.Timeout | undefined;

  async function processJob(job: Job<BullmqJobData>): Promise<unknown> {
    const row = { ...rowOfBullmqJob(job, 'started'), worker_name: name };
    const payload = JSON.parse(row.payload) as JobPayload;
    const outcome = await runner.run(row);
    if (outcome.ok) {
      await withContext(site, 'Administrator', (ctx) =>
        logScheduledRun(ctx, payload, 'Complete', null),
      );
      return outcome.result;
    }
    const excInfo = excInfoOf(outcome);
    logger.warn(
      { job: row.name, method: row.method, exc_type: outcome.excType },
      'background job failed',
    );
    const final = job.attemptsMade + 1 >= Number(job.opts.attempts ?? 1);
    if (final)
      await withContext(site, 'Administrator', (ctx) =>
        logFinalFailure(ctx, row.method, payload, excInfo),
      );
    throw new JobRunFailed(excInfo);
  }

  /**
   * A job BullMQ failed without running it (one that stalled again and again:
   * its workers kept dying) leaves the same Error Log as any final failure.
   */
  async function failedOutsideRun(job: Job<BullmqJobData>, error: Error): Promise<void> {
    const excInfo = clipJobText(`${error.name}: ${error.message}`);
    await withContext(site, 'Administrator', (ctx) =>
      logFinalFailure(ctx, job.data.method, JSON.parse(job.data.payload) as JobPayload, excInfo),
    );
  }

  const workers: Promise<Worker[]> = import('bullmq').then(async ({ Worker }) => {
    const { connection } = await bullmqQueuesOf(site);
    return queues.map((queue) => {
      const worker = new Worker(bullmqQueueName(site, queue), processJob, {
        connection,
        concurrency,
        name,
        lockDuration,
        stalledInterval: lockDuration,
        maxStalledCount: 1,
      });
      worker.on('error', (error) => logger.error({ err: error }, 'BullMQ worker error'));
      worker.on('failed', (job, error) => {
        if (job !== undefined && !(error instanceof JobRunFailed))
          void failedOutsideRun(job, error).catch((cause: unknown) =>
            logger.error({ err: cause, job: job.id }, 'failed job could not be logged'),
          );
      });
      return worker;
    });
  });
  workers.catch((error: unknown) => logger.error({ err: error }, 'BullMQ worker did not start'));

  function relay(): void {
    if (stopped) return;
    void relayOutbox(site, logger).finally(() => {
      if (!stopped) sweep = setTimeout(relay, pollMs);
    });
  }
  relay();

  return {
    name,
    kick: () => void relayOutbox(site, logger),
    async stop() {
      stopped = true;
      clearTimeout(sweep);
      const started = await workers.catch(() => []);
      // A worker's close waits for its running jobs, so it is not bounded.
      await Promise.all(started.map(closeOne));
      await runner.close();
      await closeBullmqQueues(site);
    },
  };
}
