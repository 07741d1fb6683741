import { randomUUID } from 'node:crypto';
import type { Job, JobsOptions } from 'bullmq';
import type { Logger } from '../../../core/logger.js';
import type { Site } from '../../../engine/site.js';
import { JOB_TABLE, type JobRow } from '../job-table.js';
import type { BullmqJobData } from './bullmq-job-data.js';
import { bullmqQueuesOf, type BullmqQueues } from './bullmq-queues.js';

/** How long one relayer owns an outbox row before another may relay it. */
const RELAY_LEASE_MS = 30_000;
const BATCH = 100;
/** Finished and failed jobs BullMQ keeps per queue for RQ Job (Frappe keeps results a while too). */
const KEEP_FINISHED = 1000;
const KEEP_FAILED = 5000;

const relaying = new WeakMap<Site, { running: Promise<void>; again: boolean }>();

/**
 * Moves committed jobs from the site's job table (the outbox that
 * `enqueue_after_commit` writes in the request's transaction) to BullMQ.
 * Runs after each commit that wrote jobs and on every worker's poll, so a
 * job committed by a process that died before relaying is relayed by the
 * next one: nothing is lost after a commit. Calls in one process coalesce.
 */
export function relayOutbox(site: Site, logger?: Logger): Promise<void> {
  const state = relaying.get(site);
  if (state !== undefined) {
    state.again = true;
    return state.running;
  }
  const next = { running: Promise.resolve(), again: false };
  next.running = (async () => {
    try {
      do {
        next.again = false;
        while ((await relayBatch(site)) === BATCH);
      } while (next.again);
    } catch (error) {
      logger?.warn(
        { err: error },
        'job outbox relay to Redis failed; it is retried on the next poll',
      );
    } finally {
      relaying.delete(site);
    }
  })();
  relaying.set(site, next);
  return next.running;
}

/** Relays up to one batch; answers how many rows it found. */
async function relayBatch(site: Site): Promise<number> {
  const now = Date.now();
  const rows = (await site.db.kysely
    .selectFrom(JOB_TABLE)
    .selectAll()
    .where('status', '=', 'queued')
    .where('lease_until', '<=', now)
    .orderBy('priority')
    .limit(BATCH)
    .execute()) as JobRow[];
  if (rows.length === 0) return 0;
  const queues = await bullmqQueuesOf(site);
  for (const row of rows) {
    const owner = randomUUID();
    const claimed = await site.db.kysely
      .updateTable(JOB_TABLE)
      .set({ lease_owner: owner, lease_until: now + RELAY_LEASE_MS })
      .where('name', '=', row.name)
      .where('status', '=', 'queued')
      .where('lease_owner', '=', row.lease_owner)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) continue;
    await addToBullmq(queues, row);
    await site.db.kysely
      .deleteFrom(JOB_TABLE)
      .where('name', '=', row.name)
      .where('lease_owner', '=', owner)
      .execute();
  }
  return rows.length;
}

/**
 * Adds one outbox row as a BullMQ job with the row's name as its id. A job
 * with the id still queued or started keeps it (the enqueue was deduplicated);
 * a finished or failed one is replaced, as on the embedded backend.
 */
async function addToBullmq(queues: BullmqQueues, row: JobRow): Promise<void> {
  const existing = await findBullmqJob(queues, row.name);
  if (existing !== undefined) {
    const state = await existing.getState();
    if (state !== 'completed' && state !== 'failed' && state !== 'unknown') return;
    await existing.remove();
  }
  const data: BullmqJobData = {
    name: row.name,
    job_id: row.job_id,
    method: row.method,
    payload: row.payload,
    user: row.user,
    queue: row.queue,
    timeout: Number(row.timeout),
    enqueued_at: Number(row.enqueued_at),
  };
  const options: JobsOptions = {
    jobId: row.name,
    lifo: Number(row.priority) < 0,
    attempts: Number(row.max_retries) + 1,
    backoff: { type: 'exponential', delay: Number(row.retry_delay_ms) },
    removeOnComplete: { count: KEEP_FINISHED },
    removeOnFail: { count: KEEP_FAILED },
    stackTraceLimit: 0,
  };
  await queues.queue(row.queue).add(row.method, data, options);
}

/** The BullMQ job with this id in any of the site's queues. */
export async function findBullmqJob(
  queues: BullmqQueues,
  name: string,
): Promise<Job<BullmqJobData> | undefined> {
  for (const queue of queues.all()) {
    const job = (await queue.getJob(name)) as Job<BullmqJobData> | undefined;
    if (job) return job;
  }
  return undefined;
}
