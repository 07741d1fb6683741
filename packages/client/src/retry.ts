/**
 * When and how long to wait before trying a request again.
 *
 * @example
 * const policy: RetryPolicy = { retries: 3, baseDelayMs: 200, maxDelayMs: 10_000 };
 */
export interface RetryPolicy {
  /** Extra attempts after the first (default 2; 0 turns retrying off). */
  readonly retries?: number;
  /** First backoff step in ms (default 300); it doubles per attempt. */
  readonly baseDelayMs?: number;
  /** Upper bound of one wait in ms (default 10 000). */
  readonly maxDelayMs?: number;
  /** A `Retry-After` longer than this (ms, default 60 000) is not waited for: the error is thrown. */
  readonly maxRetryAfterMs?: number;
}

/** The defaults of {@link RetryPolicy}. */
export const DEFAULT_RETRY: Required<RetryPolicy> = {
  retries: 2,
  baseDelayMs: 300,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
};

/**
 * Reads `Retry-After` (delta seconds or an HTTP date) as seconds; undefined when absent or unreadable.
 *
 * @example
 * parseRetryAfter('3'); // 3
 */
export function parseRetryAfter(
  value: string | null,
  now: number = Date.now(),
): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, (date - now) / 1000);
}

/**
 * The wait before attempt `attempt + 1` (0-based): the server's `Retry-After`
 * when given (plus up to 10 % jitter so clients do not return in step), else
 * exponential backoff with full jitter. Undefined means "do not retry".
 */
export function retryDelayMs(
  policy: Required<RetryPolicy>,
  attempt: number,
  retryAfterSeconds: number | undefined,
  random: () => number = Math.random,
): number | undefined {
  if (retryAfterSeconds !== undefined) {
    const ms = retryAfterSeconds * 1000;
    if (ms > policy.maxRetryAfterMs) return undefined;
    return ms + random() * ms * 0.1;
  }
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return random() * ceiling;
}
