import { createBullmqQueue } from './bullmq/bullmq-queue.js';
import { createInProcessQueue } from './in-process/in-process-queue.js';
import type { JobQueue } from './job-queue.js';

/**
 * The queue adapter the config asks for: BullMQ when `redisQueue` (site
 * config `redis_queue`) is set, otherwise the in-process queue.
 */
export function createJobQueue<T>(redisQueue: string | null, name: string): JobQueue<T> {
  return redisQueue ? createBullmqQueue<T>(redisQueue, name) : createInProcessQueue<T>();
}
