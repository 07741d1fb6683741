import { SecurityException } from '../../core/errors/index.js';
import type { LimiterStore } from '../../platform/limiter/limiter-store.js';
import type { AuthSettings } from './auth-settings.js';

/** The lock error, carrying the seconds until the lock ends (for `Retry-After`). */
export class AccountLockedError extends SecurityException {
  constructor(readonly retryAfterSeconds: number) {
    // Frappe names the configured interval; we name the time actually left (auth.md B-4).
    super(`Your account has been locked and will resume after ${retryAfterSeconds} seconds`, {
      title: 'Account Locked',
    });
  }
}

/**
 * Frappe's failed-login trackers (docs/spec/auth.md §7): one counter per user and one
 * per client IP, a fixed window of `allow_login_after_fail` seconds from the
 * first failure, locked once the count exceeds `allow_consecutive_login_attempts`
 * (0 never locks). Counters live in the site's limiter store, so with Redis
 * every process sees the same counts.
 */
export interface Lockout {
  /** Throws `AccountLockedError` (429) when the IP, then the user, is locked. */
  assertNotLocked(ip: string, user: string | null): Promise<void>;
  recordFailure(ip: string, user: string | null): Promise<void>;
  recordSuccess(ip: string, user: string): Promise<void>;
}

export function createLockout(store: LimiterStore, settings: AuthSettings): Lockout {
  const spec = (name: string) => ({
    name,
    points: settings.allowConsecutiveLoginAttempts,
    duration: settings.allowLoginAfterFail,
  });
  const byIp = store.limiter(spec('login-failed-ip'));
  const byUser = store.limiter(spec('login-failed-user'));
  const assertOpen = async (limiter: typeof byIp, key: string) => {
    const state = await limiter.get(key);
    if (settings.allowConsecutiveLoginAttempts > 0 && state?.exceeded === true) {
      throw new AccountLockedError(Math.max(1, Math.ceil(state.msBeforeNext / 1000)));
    }
  };
  return {
    async assertNotLocked(ip, user) {
      await assertOpen(byIp, ip);
      if (user !== null) await assertOpen(byUser, user);
    },
    async recordFailure(ip, user) {
      await byIp.consume(ip);
      if (user !== null) await byUser.consume(user);
    },
    async recordSuccess(ip, user) {
      await Promise.all([byIp.reset(ip), byUser.reset(user)]);
    },
  };
}
