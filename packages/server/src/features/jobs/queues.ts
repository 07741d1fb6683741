import { ValidationError } from '../../core/errors/index.js';

/** Frappe's queues with their default timeouts in seconds, in priority order (A1). */
export const QUEUE_TIMEOUTS: Readonly<Record<string, number>> = {
  short: 300,
  default: 300,
  long: 1500,
};

export const QUEUE_NAMES: readonly string[] = Object.keys(QUEUE_TIMEOUTS);

/** The queue's name when it is one of Frappe's, else Frappe's ValidationError. */
export function checkQueue(queue: string): string {
  if (!Object.hasOwn(QUEUE_TIMEOUTS, queue))
    throw new ValidationError(`Queue should be one of ${QUEUE_NAMES.join(', ')}`);
  return queue;
}

/** Parses a `--queue short,default` list; every name must be a known queue. */
export function parseQueueList(list: string): string[] {
  const names = list
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  return (names.length === 0 ? [...QUEUE_NAMES] : names).map(checkQueue);
}
