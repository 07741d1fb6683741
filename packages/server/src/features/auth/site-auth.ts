import type { Site } from '../../engine/site.js';
import { createLimiterStore } from '../../platform/limiter/create-limiter-store.js';
import type { LimiterStore } from '../../platform/limiter/limiter-store.js';
import { ensureAuthTable } from '../../platform/db/auth-table.js';
import { createDbSessionStore, ensureSessionsTable } from './sessions/db-session-store.js';
import { createRedisSessionStore } from './sessions/redis-session-store.js';
import type { SessionStore } from './sessions/session-store.js';
import type { CodeSenders } from './two-factor/deliver-code.js';
import {
  smtpSenderFromConfig,
  type MailSender,
  type SmsSender,
} from '../../platform/mail/mail-sender.js';

/** What a deployment (or a test) plugs into the auth feature. */
export interface SiteAuthOptions {
  /** The site's mail sender; default: SMTP from the site config's `mail_server` keys. */
  readonly mail?: (site: Site) => MailSender | null;
  /** Sends two-factor codes by SMS; none by default. */
  readonly sms?: SmsSender;
  /** Epoch milliseconds; tests inject a clock to expire codes and ids. */
  readonly now?: () => number;
}

/** The auth feature's per-site state: where sessions and failed-login counters live. */
export interface SiteAuth {
  readonly site: Site;
  readonly sessions: SessionStore;
  readonly limiter: LimiterStore;
  readonly senders: CodeSenders;
  now(): number;
  close(): Promise<void>;
}

/**
 * Opens the stores of one site: with `redis_cache`, sessions and counters
 * go to Redis (shared by every process); otherwise sessions go to the
 * `tabSessions` table and counters to process memory. Creates `__Auth` and
 * `tabSessions` when missing.
 */
export async function openSiteAuth(site: Site, options: SiteAuthOptions = {}): Promise<SiteAuth> {
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
    senders: {
      mail: options.mail === undefined ? smtpSenderFromConfig(site.config) : options.mail(site),
      sms: options.sms ?? null,
    },
    now: options.now ?? Date.now,
    async close() {
      await Promise.all([sessions.close(), limiter.close()]);
    },
  };
}
