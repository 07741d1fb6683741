import { openRedis, type RedisClient as Redis } from '../../platform/redis/open-redis.js';
import type { RealtimeEvent, RealtimeSink } from '../../engine/runtime/realtime-hub.js';

/** The Redis channel carrying events published where no socket.io server runs (workers, job threads' processes). */
const CHANNEL = 'cortado-realtime';

/** One relayed event: the site and the event, JSON. */
interface RelayedEvent {
  readonly site: string;
  readonly event: RealtimeEvent;
}

function connectRedis(redisUrl: string): Promise<Redis> {
  return openRedis(redisUrl, { maxRetriesPerRequest: null });
}

/**
 * A sink that publishes events to the relay channel, for processes without a
 * socket.io server (`cortado worker`): every server process on the same
 * Redis delivers them to its own sockets.
 */
export async function createRelayPublisher(
  redisUrl: string,
  channel = CHANNEL,
): Promise<{ readonly sink: RealtimeSink; close(): Promise<void> }> {
  const client = await connectRedis(redisUrl);
  return {
    sink(site, event) {
      const relayed: RelayedEvent = { site, event };
      void client.publish(channel, JSON.stringify(relayed)).catch(() => {});
    },
    async close() {
      await client.quit().catch(() => {});
    },
  };
}

/**
 * Listens to the relay channel and hands each well-formed event to `deliver`
 * (a server process delivers it to its own sockets). Malformed messages are
 * ignored. Returns how to stop listening.
 */
export async function subscribeRelay(
  redisUrl: string,
  deliver: (site: string, event: RealtimeEvent) => void,
  channel = CHANNEL,
): Promise<() => Promise<void>> {
  const client = await connectRedis(redisUrl);
  client.on('message', (_channel: string, text: string) => {
    const relayed = parseRelayed(text);
    if (relayed !== undefined) deliver(relayed.site, relayed.event);
  });
  await client.subscribe(channel);
  return async () => {
    await client.quit().catch(() => {});
  };
}

function parseRelayed(text: string): RelayedEvent | undefined {
  try {
    const value = JSON.parse(text) as Partial<RelayedEvent>;
    const event = value.event as Partial<RealtimeEvent> | undefined;
    if (
      typeof value.site !== 'string' ||
      typeof event?.event !== 'string' ||
      typeof event.room !== 'string'
    )
      return undefined;
    return value as RelayedEvent;
  } catch {
    return undefined;
  }
}
