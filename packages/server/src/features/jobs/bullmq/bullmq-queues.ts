import type { Queue } from 'bullmq';
import type { Site } from '../../../engine/site.js';
import { connectionFrom } from '../../../platform/queue/bullmq/bullmq-queue.js';
import { QUEUE_NAMES } from '../queues.js';
import { closeBullmq } from '../../../platform/queue/bullmq/close-bullmq.js';

/** One site's BullMQ queues (short, default, long) on its `redis_queue`. */
export interface BullmqQueues {
  readonly connection: ReturnType<typeof connectionFrom>;
  queue(name: string): Queue;
  all(): Queue[];
  close(): Promise<void>;
}

const opened = new WeakMap<Site, Promise<BullmqQueues>>();

/**
 * The BullMQ queue name of a site's queue. Each site has its own keys, as
 * Frappe's RQ queues carry the bench's prefix; BullMQ refuses `:` in names.
 */
export function bullmqQueueName(site: Site, queue: string): string {
  return `cortado.${site.name.replaceAll(':', '.')}.${queue}`;
}

/**
 * The site's queues, opened once per process. BullMQ (with ioredis, ~27 MB
 * resident) is imported on first use, so a site without `redis_queue` never
 * loads it.
 */
export function bullmqQueuesOf(site: Site): Promise<BullmqQueues> {
  let queues = opened.get(site);
  if (queues === undefined) {
    queues = openQueues(site);
    opened.set(site, queues);
    queues.catch(() => opened.delete(site));
  }
  return queues;
}

/** Closes the site's queue connections in this process, if they were opened. */
export async function closeBullmqQueues(site: Site): Promise<void> {
  const queues = opened.get(site);
  opened.delete(site);
  await (await queues?.catch(() => undefined))?.close();
}

async function openQueues(site: Site): Promise<BullmqQueues> {
  const { Queue } = await import('bullmq');
  const connection = connectionFrom(String(site.config.redis_queue));
  const queues = new Map(
    QUEUE_NAMES.map((name) => {
      const queue = new Queue(bullmqQueueName(site, name), { connection });
      // Connection errors reach callers through their commands; this keeps them from being "unhandled".
      queue.on('error', () => {});
      return [name, queue] as const;
    }),
  );
  return {
    connection,
    queue(name) {
      const queue = queues.get(name);
      if (queue === undefined) throw new Error(`unknown queue ${name}`);
      return queue;
    },
    all: () => [...queues.values()],
    close: () => closeBullmq([...queues.values()]),
  };
}
