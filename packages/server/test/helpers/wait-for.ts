import { setTimeout as pause } from 'node:timers/promises';

/** Long enough for a loaded 2-core machine; a passing test never waits for it. */
export const DEFAULT_DEADLINE_MS = 60_000;

export interface WaitOptions {
  /** Give up after this long (generous: a deadline is a failure report, not a timing). */
  readonly timeoutMs?: number | undefined;
  /** Pause between two looks. */
  readonly intervalMs?: number | undefined;
}

/**
 * Looks at `probe` until it returns something other than `undefined` or
 * `false`, and returns that. Tests wait for the condition they depend on with
 * this, never for a fixed time: on a busy machine the condition comes later,
 * and the wait simply lasts longer. `describe` names what was awaited when the
 * deadline passes.
 */
export async function waitFor<T>(
  describe: string | (() => string),
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  { timeoutMs = DEFAULT_DEADLINE_MS, intervalMs = 25 }: WaitOptions = {},
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (performance.now() > deadline) {
      const what = typeof describe === 'string' ? describe : describe();
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await pause(intervalMs);
  }
}
