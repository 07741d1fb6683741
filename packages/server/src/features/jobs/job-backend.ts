import type { Kysely } from 'kysely';
import type { Site } from '../../engine/site.js';
import { bullmqJobStore } from './bullmq/bullmq-store.js';
import { bullmqQueuesOf, closeBullmqQueues } from './bullmq/bullmq-queues.js';
import { relayOutbox } from './bullmq/relay-outbox.js';
import { settlesWithin } from '../../core/settles-within.js';
import { embeddedJobStore } from './embedded-store.js';
import type { JobStore } from './job-store.js';
import { jobsCommitted } from './wake-workers.js';

/** True when the site's jobs go to BullMQ on Redis (`redis_queue` is set), else the embedded queue. */
export function usesBullmq(site: Site): boolean {
  return typeof site.config.redis_queue === 'string' && site.config.redis_queue !== '';
}

/** The site's live queue on its backend, its table read through `db` (default: the pool). */
export function jobStoreOf(site: Site, db?: Kysely<any>): JobStore {
  return usesBullmq(site) ? bullmqJobStore(site, db) : embeddedJobStore(site, db);
}

/**
 * After a commit that wrote jobs: on BullMQ the outbox is relayed to Redis
 * now (workers anywhere take them from there); on the embedded queue this
 * process's workers wake, and other processes' find them at their next poll.
 */
export function jobsWritten(site: Site): void {
  if (usesBullmq(site)) void relayOutbox(site);
  else jobsCommitted(site);
}

/** How long a readiness probe waits for the queue's Redis (BullMQ queues commands while it reconnects). */
const QUEUE_PING_MS = 2000;

/**
 * A round trip to the site's queue: BullMQ's Redis answers PING (the
 * embedded queue lives in the database, which the caller pings anyway).
 * Throws when it does not answer in time.
 */
export async function pingJobBackend(site: Site): Promise<void> {
  if (!usesBullmq(site)) return;
  const pinging = (async () => {
    // BullMQ types its connection narrowly; it is an ioredis client, which answers PING.
    const queue = (await bullmqQueuesOf(site)).queue('default');
    await ((await queue.client) as unknown as { ping(): Promise<string> }).ping();
  })();
  if (!(await settlesWithin(pinging, QUEUE_PING_MS)))
    throw new Error('the queue Redis did not answer');
  await pinging;
}

/** Closes the connections this process opened for the site's jobs (BullMQ's Redis clients). */
export async function closeJobBackend(site: Site): Promise<void> {
  await closeBullmqQueues(site);
}
