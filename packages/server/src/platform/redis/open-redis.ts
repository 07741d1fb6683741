import type { Redis, RedisOptions } from 'ioredis';

/** A Redis connection (ioredis), for the callers outside `platform/` that hold one. */
export type RedisClient = Redis;

/** Connection options, as ioredis takes them. */
export type RedisClientOptions = RedisOptions;

/**
 * Opens a Redis connection to `url`. ioredis is imported here on first use,
 * so sites without Redis never load it. Errors reach callers through their
 * commands while ioredis reconnects by itself; the listener keeps every
 * reconnect attempt from printing an "Unhandled error event".
 */
export async function openRedis(url: string, options: RedisClientOptions): Promise<RedisClient> {
  const { Redis } = await import('ioredis');
  const client = new Redis(url, options);
  client.on('error', () => undefined);
  return client;
}
