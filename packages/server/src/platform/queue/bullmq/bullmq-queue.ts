import type { Queue, Worker } from 'bullmq';
import type { Job, JobQueue } from '../job-queue.js';
import { closeBullmq, closeOne } from './close-bullmq.js';

/** Connection options BullMQ accepts, from a `redis://host:port/db` URL. */
export function connectionFrom(redisUrl: string) {
  const url = new URL(redisUrl);
  const db = Number(url.pathname.slice(1) || 0);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    db,
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    maxRetriesPerRequest: null,
  };
}

/**
 * A JobQueue on Redis through BullMQ: every process that calls `process`
 * competes for the jobs, and a job id already waiting is not added twice.
 * Finished jobs are removed so an id can be queued again later.
 *
 * BullMQ (with ioredis, ~27 MB resident) is imported on first use, so a
 * site without `redis_queue` never loads it.
 */
export function createBullmqQueue<T>(redisUrl: string, name: string): JobQueue<T> {
  const connection = connectionFrom(redisUrl);
  const bullmq = import('bullmq');
  const queue: Promise<Queue> = bullmq.then(({ Queue }) => new Queue(name, { connection }));
  // Callers see a failed import through add/close; this only keeps it from being "unhandled".
  queue.catch(() => {});
  let worker: Promise<Worker> | undefined;
  return {
    async add(id, data) {
      await (
        await queue
      ).add(name, data, { jobId: id, removeOnComplete: true, removeOnFail: true });
    },
    process(handler, options = {}) {
      worker = bullmq.then(({ Worker }) => {
        const started = new Worker(
          name,
          async (job) => handler({ id: String(job.id), data: job.data as T } satisfies Job<T>),
          { connection, concurrency: Math.max(1, options.concurrency ?? 1) },
        );
        started.on('error', () => {});
        return started;
      });
      worker.catch(() => {});
    },
    async close() {
      const started = await worker;
      if (started !== undefined) {
        // Its close waits for the running handler, so it is not bounded.
        await closeOne(started);
      }
      await closeBullmq([await queue]);
    },
  };
}
