import { openRedis } from '../../../platform/redis/open-redis.js';
import type { SessionData, SessionStore } from './session-store.js';

/**
 * Sessions in Redis (site config `redis_cache`), so several server
 * processes share them. Each session is one key with a TTL equal to the
 * idle expiry, renewed on every refresh. The Redis client is loaded on first
 * use, so sites without Redis never pay for it.
 */
export async function createRedisSessionStore(
  url: string,
  keyPrefix: string,
): Promise<SessionStore> {
  // While Redis is down each command fails (answered 503); ioredis keeps reconnecting.
  const client = await openRedis(url, { maxRetriesPerRequest: 2 });
  const keyOf = (key: string) => `${keyPrefix}:session:${key}`;
  // Per user, a sorted set of session keys scored by their last refresh. Members
  // whose session expired or was deleted are pruned when the set is read.
  const userKeyOf = (user: string) => `${keyPrefix}:user-sessions:${user}`;
  return {
    async get(key) {
      const text = await client.get(keyOf(key));
      return text === null ? null : (JSON.parse(text) as SessionData);
    },
    async put(key, data, ttlSeconds) {
      const ttl = Math.max(1, Math.ceil(ttlSeconds));
      await client
        .multi()
        .set(keyOf(key), JSON.stringify(data), 'EX', ttl)
        .zadd(userKeyOf(data.user), Date.parse(data.last_updated), key)
        .expire(userKeyOf(data.user), ttl)
        .exec();
    },
    async delete(key) {
      await client.del(keyOf(key));
    },
    async sessionsOf(user) {
      const keys = await client.zrevrange(userKeyOf(user), 0, -1);
      if (keys.length === 0) return [];
      const alive = await client.mget(keys.map(keyOf));
      const gone = keys.filter((_key, index) => alive[index] === null);
      if (gone.length > 0) await client.zrem(userKeyOf(user), ...gone);
      return keys.filter((_key, index) => alive[index] !== null);
    },
    async close() {
      await client.quit().catch(() => client.disconnect());
    },
  };
}
