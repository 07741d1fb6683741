/**
 * Counters with a fixed window, shared by every rate limit and by the
 * failed-login lockout. One store per site: in process memory, or in Redis so
 * that several server processes share one budget.
 */

/** The state of one counter after a read or a consume. */
export interface LimiterResult {
  /** Points counted in the current window, this consume included. */
  readonly consumed: number;
  /** `max(points − consumed, 0)`. */
  readonly remaining: number;
  /** Milliseconds until the window ends and the counter is gone. */
  readonly msBeforeNext: number;
  /** True when `consumed > points`: the caller should refuse. */
  readonly exceeded: boolean;
  /**
   * True when the store could not be reached. The other fields then follow
   * the store's `failOpen` setting: open reports an empty counter, closed an
   * exceeded one.
   */
  readonly unavailable: boolean;
}

/** One named counter family, e.g. `login-failed-ip`. */
export interface Limiter {
  /**
   * Adds `points` (default 1) to the key's counter, starting a window of
   * `duration` seconds if there is none. Never throws for an exceeded
   * counter: it reports `exceeded`, and the points are counted anyway.
   */
  consume(key: string, points?: number): Promise<LimiterResult>;
  /** The counter without changing it; null when it has no window running. */
  get(key: string): Promise<LimiterResult | null>;
  /** Forgets the counter (e.g. after a successful login). */
  reset(key: string): Promise<void>;
}

export interface LimiterSpec {
  /** Counter family; becomes part of every key, so two families never mix. */
  readonly name: string;
  /** Allowed points per window: the (points+1)-th is `exceeded`. */
  readonly points: number;
  /** Window length in whole seconds, fixed from the first consume. */
  readonly duration: number;
}

export interface LimiterStore {
  /**
   * A limiter over the counters of `name` and `duration`. Calls with the same
   * name and duration share counters even when `points` differs, so a limit
   * may change between calls (Frappe reads it per request).
   */
  limiter(spec: LimiterSpec): Limiter;
  /** A round trip to the store's Redis (readiness probe); throws when it does not answer. */
  ping(): Promise<void>;
  /** Closes the Redis connection, if any. */
  close(): Promise<void>;
}

export interface LimiterStoreOptions {
  /** Redis URL (site config `redis_cache`); absent means in-process memory. */
  readonly redisUrl?: string | null;
  /**
   * When Redis cannot be reached: true lets the request through (counts are
   * lost), false refuses it (site config `rate_limit_fail_open`).
   */
  readonly failOpen: boolean;
  /** Prefix of every key, normally the site name, so sites on one Redis stay apart. */
  readonly keyPrefix?: string;
  /** Told about every store failure (for logging); the result still follows `failOpen`. */
  readonly onError?: (error: unknown) => void;
}
