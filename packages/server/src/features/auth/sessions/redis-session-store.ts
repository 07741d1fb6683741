import type { SessionData, SessionStore } from './session-store.js';

/**
 * Sessions in Redis (site config `redis_cache`), so several server
 * processes share them. Each session is one key with a TTL equal to the
 * idle expiry, renewed on every refresh. ioredis is imported here, not at
 * module load, so sites without Redis never pay for it.
 */
export async function createRedisSessionStore(
  url: string,
  keyPrefix: string,
): Promise<SessionStore> {
  const { Redis } = await import('ioredis');
  const client = new Redis(url, { maxRetriesPerRequest: 2 });
  // While Redis is down each command fails (answered 503); ioredis keeps reconnecting.
  // Without a listener every reconnect attempt would print an "Unhandled error event".
  client.on('error', () => undefined);
  const keyOf = (key: string) => `${keyPrefix}:session:${key}`;
  return {
    async get(key) {
      const text = await client.get(keyOf(key));
      return text === null ? null : (JSON.parse(text) as SessionData);
    },
    async put(key, data, ttlSeconds) {
      await client.set(keyOf(key), JSON.stringify(data), 'EX', Math.max(1, Math.ceil(ttlSeconds)));
    },
    async delete(key) {
      await client.del(keyOf(key));
    },
    async close() {
      await client.quit().catch(() => client.disconnect());
    },
  };
}
