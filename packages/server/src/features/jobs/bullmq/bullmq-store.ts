import type { Job, JobType } from 'bullmq';
import type { Kysely } from 'kysely';
import type { Site } from '../../../engine/site.js';
import { embeddedJobStore, DEFAULT_JOB_LIST_LIMIT } from '../embedded-store.js';
import type { JobStore } from '../job-store.js';
import { QUEUE_NAMES } from '../queues.js';
import {
  infoOfBullmqJob,
  statesOfStatus,
  statusOfState,
  type BullmqJobData,
} from './bullmq-job-data.js';
import { bullmqQueuesOf } from './bullmq-queues.js';
import { findBullmqJob } from './relay-outbox.js';
import { settlesWithin } from '../../../core/settles-within.js';

/** How long a count waits for Redis before it leaves Redis' jobs out. */
const REDIS_ANSWER_MS = 1_000;

/**
 * The live queue of the BullMQ backend: BullMQ's jobs, plus the committed
 * outbox rows not yet relayed (shown as queued).
 */
export function bullmqJobStore(site: Site, db: Kysely<any> = site.db.kysely): JobStore {
  const outbox = embeddedJobStore(site, db);
  const find = async (name: string) => findBullmqJob(await bullmqQueuesOf(site), name);
  return {
    async get(name) {
      const waiting = await outbox.get(name);
      if (waiting !== undefined) return waiting;
      const job = await find(name);
      if (job === undefined) return undefined;
      const status = statusOfState(await job.getState());
      if (status === undefined) return undefined;
      // The job was read before its state: one that ended in between was read
      // without its outcome (traceback, result), so an ended job is read again.
      // BullMQ writes the outcome and the state in one step.
      const ended = status === 'failed' || status === 'finished';
      return infoOfBullmqJob((ended && (await find(name))) || job, status);
    },
    async list(filter) {
      const limit = filter.limit ?? DEFAULT_JOB_LIST_LIMIT;
      // The outbox holds only jobs not yet relayed: queued ones, and those canceled before relaying.
      const found = await outbox.list(filter);
      const queues = await bullmqQueuesOf(site);
      const names = filter.queue === undefined ? QUEUE_NAMES : [filter.queue];
      const statuses =
        filter.status === undefined
          ? (['queued', 'started', 'finished', 'failed'] as const)
          : [filter.status];
      const seen = new Set(found.map((job) => job.name));
      for (const name of names) {
        if (!QUEUE_NAMES.includes(name)) continue;
        for (const status of statuses) {
          const states = statesOfStatus(status) as JobType[];
          // No BullMQ state holds it (canceled): BullMQ would read an empty list as "every state".
          if (states.length === 0) continue;
          const jobs = (await queues
            .queue(name)
            .getJobs(states, 0, limit - 1)) as Job<BullmqJobData>[];
          for (const job of jobs)
            if (job && !seen.has(String(job.id))) {
              seen.add(String(job.id));
              found.push(infoOfBullmqJob(job, status));
            }
        }
      }
      return found.sort((a, b) => b.enqueued_at - a.enqueued_at).slice(0, limit);
    },
    async queuedCount(queue) {
      // An enqueue writes the outbox and must not wait on Redis: while Redis
      // does not answer, only the outbox's jobs are counted.
      let inRedis = 0;
      const counted = bullmqQueuesOf(site)
        .then((queues) => queues.queue(queue).getJobCounts('waiting', 'prioritized', 'delayed'))
        .then((counts) => {
          inRedis = Object.values(counts).reduce((sum, count) => sum + count, 0);
        });
      await settlesWithin(counted, REDIS_ANSWER_MS);
      return inRedis + (await outbox.queuedCount(queue));
    },
    async isActive(name) {
      const job = await find(name);
      if (job === undefined) return false;
      const status = statusOfState(await job.getState());
      return status === 'queued' || status === 'started';
    },
    async cancel(name) {
      if (await outbox.cancel(name)) return true;
      const job = await find(name);
      if (job === undefined || statusOfState(await job.getState()) !== 'queued') return false;
      await job.remove();
      return true;
    },
    async retry(name) {
      const job = await find(name);
      if (job === undefined || (await job.getState()) !== 'failed') return false;
      await job.retry('failed');
      return true;
    },
    async remove(name) {
      if (await outbox.remove(name)) return true;
      const job = await find(name);
      const status = job === undefined ? undefined : statusOfState(await job.getState());
      if (job === undefined || status === 'queued' || status === 'started') return false;
      await job.remove();
      return true;
    },
    async workers() {
      const queues = await bullmqQueuesOf(site);
      const byName = new Map<string, { queues: string[] }>();
      for (const name of QUEUE_NAMES) {
        const clients = await queues.queue(name).getWorkers();
        for (const client of clients) {
          // BullMQ names a worker's connection `<prefix>:<queue>:w:<worker name>`.
          const workerName = String(client['rawname'] ?? '').split(':w:')[1] ?? '';
          if (workerName === '') continue;
          const entry = byName.get(workerName) ?? { queues: [] };
          entry.queues.push(name);
          byName.set(workerName, entry);
        }
      }
      const active = new Set<string>();
      for (const name of QUEUE_NAMES)
        for (const job of (await queues.queue(name).getActive()) as Job<BullmqJobData>[])
          if (job?.processedBy) active.add(job.processedBy);
      return [...byName].map(([name, entry]) => ({
        name,
        queues: entry.queues,
        status: active.has(name) ? ('busy' as const) : ('idle' as const),
      }));
    },
  };
}
