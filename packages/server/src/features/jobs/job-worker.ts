import { hostname } from 'node:os';
import type { Logger } from '../../core/logger.js';
import type { Site } from '../../engine/site.js';
import { claimJobs } from './claim-jobs.js';
import { finishJob } from './finish-job.js';
import { startBullmqWorker } from './bullmq/bullmq-worker.js';
import { usesBullmq } from './job-backend.js';
import { configNumber } from './job-config.js';
import { createRunner } from './job-runner.js';
import type { JobWorker, JobWorkerOptions } from './worker-types.js';
import { QUEUE_NAMES } from './queues.js';
import { onJobsCommitted } from './wake-workers.js';
import { registerWorker } from './worker-registry.js';

export type { JobWorker, JobWorkerOptions } from './worker-types.js';

/**
 * Starts the background job worker of one site: on BullMQ when the site has
 * `redis_queue`, else on the embedded queue (the site's own database): it claims due jobs, runs them (in worker threads when
 * the site lives in a folder, so a timeout really stops the job) and records
 * the outcome. It polls every `job_poll_interval_ms` and is woken at once by
 * commits in this process that wrote jobs. Any number of workers, in any
 * number of processes, may serve one site.
 *
 * @example
 * const worker = startJobWorker(site, logger, { queues: ['short', 'default'] });
 * await worker.stop();
 */
export function startJobWorker(
  site: Site,
  logger: Logger,
  options: JobWorkerOptions = {},
): JobWorker {
  if (usesBullmq(site)) return startBullmqWorker(site, logger, options);
  const queues = options.queues ?? QUEUE_NAMES;
  const concurrency = Math.max(
    1,
    options.concurrency ?? configNumber(site, 'background_workers', 1),
  );
  const pollMs = configNumber(site, 'job_poll_interval_ms', 1000);
  const name = options.name ?? `${hostname()}.${process.pid}`;
  const runner = createRunner(site, options);
  const inFlight = new Set<Promise<void>>();
  let stopped = false;
  let polling: Promise<void> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;

  async function runOne(job: Awaited<ReturnType<typeof claimJobs>>[number]): Promise<void> {
    const outcome = await runner.run(job);
    if (!outcome.ok)
      logger.warn(
        { job: job.name, method: job.method, exc_type: outcome.excType },
        'background job failed',
      );
    await finishJob(site, job, outcome);
  }

  async function poll(): Promise<void> {
    while (!stopped && inFlight.size < concurrency) {
      const batch = await claimJobs(site.db, queues, concurrency - inFlight.size, name);
      if (batch.length === 0) return;
      for (const job of batch) {
        const run: Promise<void> = runOne(job)
          .catch((error: unknown) =>
            logger.error(
              { err: error, job: job.name },
              'background job could not be recorded; it runs again when its lease ends',
            ),
          )
          .finally(() => {
            inFlight.delete(run);
            kick();
          });
        inFlight.add(run);
      }
    }
  }

  function kick(): void {
    if (stopped) return;
    if (polling) {
      again = true;
      return;
    }
    clearTimeout(timer);
    polling = poll()
      .catch((error: unknown) => logger.error({ err: error }, 'job worker poll failed'))
      .finally(() => {
        polling = undefined;
        if (again) {
          again = false;
          kick();
        } else if (!stopped) timer = setTimeout(kick, pollMs);
      });
  }

  const unsubscribe = onJobsCommitted(site, kick);
  const unregister = registerWorker(site, { name, queues });
  kick();
  return {
    name,
    kick,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      unsubscribe();
      unregister();
      await polling;
      await Promise.allSettled([...inFlight]);
      await runner.close();
    },
  };
}
