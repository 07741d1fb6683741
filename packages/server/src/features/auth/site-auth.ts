import type { Site } from '../../engine/site.js';
import { createLimiterStore } from '../../platform/limiter/create-limiter-store.js';
import type { LimiterStore } from '../../platform/limiter/limiter-store.js';
import { ensureAuthTable } from '../../platform/db/auth-table.js';
import { createDbSessionStore, ensureSessionsTable } from './sessions/db-session-store.js';
import { createRedisSessionStore } from './sessions/redis-session-store.js';
import type { SessionStore } from './sessions/session-store.js';

/** The auth feature's per-site state: where sessions and failed-login counters live. */
export interface SiteAuth {
  readonly site: Site;
  readonly sessions: SessionStore;
  readonly limiter: LimiterStore;
  close(): Promise<void>;
}

/**
 * Opens the stores of one site: with `redis_cache`, sessions and counters
 * go to Redis (shared by every process); otherwise sessions go to the
 * `tabSessions` table and counters to process memory. Creates `__Auth` and
 * `tabSessions` when missing.
 */
export async function openSiteAuth(site: Site): Promise<SiteAuth> {
  await ensureAuthTable(site.db);
  const redisUrl = site.config.redis_cache;
  if (!redisUrl) await ensureSessionsTable(site.db);
  const sessions = redisUrl
    ? await createRedisSessionStore(redisUrl, site.name)
    : createDbSessionStore(site.db);
  const limiter = createLimiterStore({
    redisUrl,
    failOpen: site.config.rate_limit_fail_open !== false,
    keyPrefix: site.name,
  });
  return {
    site,
    sessions,
    limiter,
    async close() {
      await Promise.all([sessions.close(), limiter.close()]);
    },
  };
}
