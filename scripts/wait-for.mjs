// How every test waits for a condition it depends on, instead of sleeping a
// fixed time (docs/testing.md): the server's tests reach it through
// packages/server/test/helpers/wait-for.ts, the browser tests directly.
import { setTimeout as pause } from 'node:timers/promises';

/** Long enough for a loaded 2-core machine; a passing test never waits for it. */
export const DEFAULT_DEADLINE_MS = 60_000;

/**
 * Looks at `probe` until it returns something other than `undefined` or
 * `false`, and returns that. On a busy machine the condition comes later,
 * and the wait simply lasts longer. `describe` names what was awaited when
 * the deadline passes.
 */
export async function waitFor(
  describe,
  probe,
  { timeoutMs = DEFAULT_DEADLINE_MS, intervalMs = 25 } = {},
) {
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
