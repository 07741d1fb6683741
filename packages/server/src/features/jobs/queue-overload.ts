import type { Kysely } from 'kysely';
import { QueueOverloaded } from '../../core/errors/index.js';
import type { Site } from '../../engine/site.js';
import { jobStoreOf } from './job-backend.js';
import { configNumber } from './job-config.js';

/**
 * Frappe's per-site share of a bench's queue limit. Cortado's queues belong
 * to one site each, so a queue takes what a one-site bench takes.
 */
const PER_SITE_ALLOWANCE = 50;

/**
 * Back-pressure (docs/spec/jobs-and-server-scripts.md A2, J8): refuses an
 * enqueue with `QueueOverloaded` once `queue` holds `max_queued_jobs` + 50
 * waiting jobs, so a runaway loop or dead workers make callers fail loudly
 * instead of growing the queue without bound.
 */
export async function assertQueueHasRoom(
  site: Site,
  db: Kysely<any>,
  queue: string,
): Promise<void> {
  const limit = configNumber(site, 'max_queued_jobs', 500) + PER_SITE_ALLOWANCE;
  const queued = await jobStoreOf(site, db).queuedCount(queue);
  if (queued >= limit)
    throw new QueueOverloaded(
      `Too many queued background jobs (${queued}). Please retry after some time.`,
      { title: 'Queue Overloaded' },
    );
}
