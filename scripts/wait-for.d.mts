/** Long enough for a loaded 2-core machine; a passing test never waits for it. */
export declare const DEFAULT_DEADLINE_MS: number;

export interface WaitOptions {
  /** Give up after this long (generous: a deadline is a failure report, not a timing). */
  readonly timeoutMs?: number | undefined;
  /** Pause between two looks. */
  readonly intervalMs?: number | undefined;
}

/**
 * Looks at `probe` until it returns something other than `undefined` or
 * `false`, and returns that; fails after the deadline, naming what was awaited.
 */
export declare function waitFor<T>(
  describe: string | (() => string),
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  options?: WaitOptions,
): Promise<T>;
