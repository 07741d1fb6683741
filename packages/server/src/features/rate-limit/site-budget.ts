import type { Limiter, LimiterStore } from '../../platform/limiter/limiter-store.js';

/** Site config `rate_limit`: `limit` seconds of request time per `window` seconds. */
export interface SiteBudgetConfig {
  readonly limit: number;
  readonly window: number;
}

/** What the site budget decided at request start (docs/spec/rate-limiting.md §1). */
export interface SiteBudgetCheck {
  readonly rejected: boolean;
  readonly limitUs: number;
  /** `max(limit_us − C, 0)`, the current request not deducted. */
  readonly remainingUs: number;
  /** Seconds until the window ends. */
  readonly resetSeconds: number;
  /** Where this request's duration is added once the response is sent. */
  readonly record: (durationUs: number) => Promise<void>;
}

function siteLimiter(store: LimiterStore, config: SiteBudgetConfig, limitUs: number): Limiter {
  return store.limiter({
    name: 'site-budget',
    points: limitUs,
    duration: Math.max(1, Math.ceil(config.window)),
  });
}

/**
 * Frappe's global limiter: one counter of microseconds per site and fixed
 * window. Windows are aligned to the Unix epoch in UTC (B-R8), so the key
 * names the window number and the counter outlives it only by its TTL.
 * A request is refused iff the counter already exceeds the budget; equality
 * still passes.
 */
export async function checkSiteBudget(
  store: LimiterStore,
  config: SiteBudgetConfig,
  nowMs: number,
): Promise<SiteBudgetCheck> {
  const limitUs = Math.trunc(config.limit * 1_000_000);
  const nowSeconds = Math.floor(nowMs / 1000);
  const windowNumber = Math.floor(nowSeconds / config.window);
  const key = `counter-${windowNumber}`;
  const limiter = siteLimiter(store, config, limitUs);
  const counter = await limiter.get(key);
  const used = counter?.consumed ?? 0;
  return {
    rejected: used > limitUs,
    limitUs,
    remainingUs: Math.max(limitUs - used, 0),
    resetSeconds: config.window - (nowSeconds % config.window),
    record: async (durationUs) => {
      await limiter.consume(key, Math.max(0, Math.round(durationUs)));
    },
  };
}

/** The `X-RateLimit-*` headers Frappe sends on every response of a limited site. */
export function siteBudgetHeaders(check: SiteBudgetCheck): Record<string, string> {
  const headers: Record<string, string> = {
    'x-ratelimit-limit': String(check.limitUs),
    'x-ratelimit-remaining': String(check.rejected ? 0 : check.remainingUs),
    'x-ratelimit-reset': String(check.resetSeconds),
  };
  if (check.rejected) headers['retry-after'] = String(check.resetSeconds);
  return headers;
}
