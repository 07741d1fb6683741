import type { Site } from '../../engine/site.js';
import { countBy } from '../../platform/db/count-by.js';
import { bullmqQueuesOf } from './bullmq/bullmq-queues.js';
import { usesBullmq } from './job-backend.js';
import { JOB_TABLE } from './job-table.js';
import { QUEUE_NAMES } from './queues.js';

/** Jobs waiting to run in each of the site's queues: queued rows, or BullMQ's waiting and delayed jobs. */
export async function queueDepths(site: Site): Promise<Map<string, number>> {
  if (!usesBullmq(site))
    return countBy(site.db.kysely, JOB_TABLE, 'queue', QUEUE_NAMES, { status: 'queued' });
  const queues = await bullmqQueuesOf(site);
  const depths = new Map<string, number>();
  for (const name of QUEUE_NAMES) depths.set(name, await queues.queue(name).count());
  return depths;
}
