import { EventEmitter } from 'node:events';
import type { QueueBase } from 'bullmq';
import { settlesWithin } from '../../../core/settles-within.js';

/**
 * `item.close()` (for a worker: once its running jobs end), then gives its
 * closed connections (a worker has two) a listener again. A connection starts
 * by asking Redis its version; one closed while that answer is on its way
 * fails its start when its socket reports the close. By then the close has
 * removed every listener of the connection, so BullMQ's report of that
 * failure became an unhandled rejection ("Connection is closed."). The
 * listener is back before the socket reports anything, and the failure is
 * dropped.
 */
export async function closeOne(item: QueueBase): Promise<void> {
  await item.close();
  absorbLateErrors(item);
}

/** BullMQ's types do not expose the connections; an item without them is left as it is. */
function absorbLateErrors(item: QueueBase): void {
  const fields = item as unknown as Record<'connection' | 'blockingConnection', unknown>;
  for (const connection of [fields.connection, fields.blockingConnection])
    if (connection instanceof EventEmitter && connection.listenerCount('error') === 0)
      connection.on('error', () => {});
}

/** How long closing queues waits for Redis before it drops their connections. */
const CLOSE_WAIT_MS = 5_000;

/**
 * Closes BullMQ queues with `closeOne`. With Redis down a graceful close never
 * finishes; after `CLOSE_WAIT_MS` the connections are dropped instead.
 */
export async function closeBullmq(items: readonly QueueBase[]): Promise<void> {
  if (await settlesWithin(Promise.all(items.map(closeOne)), CLOSE_WAIT_MS)) return;
  await Promise.all(items.map((item) => item.disconnect().catch(() => {})));
}
