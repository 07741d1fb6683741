import type { LimiterStore } from '../../platform/limiter/limiter-store.js';

/** Site config `rate_limit_per_ip` / `rate_limit_per_user`: `limit` requests per `window` seconds. */
export interface RequestCountConfig {
  readonly limit: number;
  readonly window: number;
}

/** One identity bucket after counting this request. */
export interface IdentityLimitResult {
  /** `ip` or `user`: the policy name in the `RateLimit` headers. */
  readonly policy: string;
  readonly limit: number;
  readonly window: number;
  readonly remaining: number;
  /** Seconds until this bucket's window ends. */
  readonly resetSeconds: number;
  readonly exceeded: boolean;
}

/**
 * Beyond Frappe (B-R1): a request-count bucket per client IP or per user,
 * next to the site's time budget, so one client cannot spend everyone's
 * budget. Fixed window from the bucket's first request.
 */
export async function consumeIdentityLimit(
  store: LimiterStore,
  policy: string,
  config: RequestCountConfig,
  identity: string,
): Promise<IdentityLimitResult> {
  const window = Math.max(1, Math.ceil(config.window));
  const limit = Math.floor(config.limit);
  const result = await store
    .limiter({ name: `per-${policy}`, points: limit, duration: window })
    .consume(identity);
  return {
    policy,
    limit,
    window,
    remaining: result.remaining,
    resetSeconds: Math.ceil(result.msBeforeNext / 1000),
    exceeded: result.exceeded,
  };
}

/**
 * `RateLimit-Policy` and `RateLimit` in the IETF httpapi draft's structured
 * form (`"ip";q=100;w=60` and `"ip";r=42;t=17`), one item per bucket.
 */
export function identityLimitHeaders(
  results: readonly IdentityLimitResult[],
): Record<string, string> {
  if (results.length === 0) return {};
  const headers: Record<string, string> = {
    'ratelimit-policy': results.map((r) => `"${r.policy}";q=${r.limit};w=${r.window}`).join(', '),
    ratelimit: results.map((r) => `"${r.policy}";r=${r.remaining};t=${r.resetSeconds}`).join(', '),
  };
  const retry = Math.max(0, ...results.filter((r) => r.exceeded).map((r) => r.resetSeconds));
  if (results.some((r) => r.exceeded)) headers['retry-after'] = String(Math.max(retry, 1));
  return headers;
}
