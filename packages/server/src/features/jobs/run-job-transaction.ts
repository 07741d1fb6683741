import { setTimeout as sleep } from 'node:timers/promises';
import type { Site } from '../../engine/site.js';
import { withContext } from '../../engine/runtime/with-context.js';
import type { RunRequest } from './runner-protocol.js';
import { runJobNow } from './run-job.js';

/**
 * Failures after which Frappe's worker rolls the job back and runs it again
 * in place (docs/spec/jobs-and-server-scripts.md A4.4): a database deadlock,
 * a lock-wait timeout, or the job asking for it with `RetryBackgroundJobError`.
 */
const TRANSIENT_EXC_TYPES: ReadonlySet<string> = new Set([
  'QueryDeadlockError',
  'QueryTimeoutError',
  'RetryBackgroundJobError',
]);

/** Runs after the first one that a transient failure allows (Frappe: 5). */
export const TRANSIENT_RETRIES = 5;

/** Frappe's pause before transient retry `n` (1-based): 1 s, 2 s, … 5 s. */
export function transientRetryDelayMs(retry: number): number {
  return retry * 1000;
}

export function isTransientFailure(error: unknown): boolean {
  const excType = (error as { excType?: unknown } | null)?.excType;
  return typeof excType === 'string' && TRANSIENT_EXC_TYPES.has(excType);
}

/** Knobs of `runJobTransaction`; tests shorten the pauses. */
export interface JobTransactionOptions {
  readonly delayMs?: (retry: number) => number;
  /** Runs inside the job's transaction after the job returned; throwing rolls it back (the inline runner's timeout). */
  readonly beforeCommit?: () => void;
}

/**
 * One job's work in its own transaction as the user who enqueued it. A
 * transient failure rolls back and runs the job again, after a growing
 * pause, at most `TRANSIENT_RETRIES` times; any other failure, or the last
 * transient one, is thrown for the worker to record. These runs are not the
 * job's `retry` attempts: the job stays claimed by this worker throughout,
 * and its timeout covers them all.
 */
export async function runJobTransaction(
  site: Site,
  request: RunRequest,
  options: JobTransactionOptions = {},
): Promise<unknown> {
  const delayMs = options.delayMs ?? transientRetryDelayMs;
  for (let retry = 0; ; retry++) {
    try {
      return await withContext(site, request.user, async (ctx) => {
        const result = await runJobNow(ctx, request.method, request.payload);
        options.beforeCommit?.();
        return result;
      });
    } catch (error) {
      if (retry >= TRANSIENT_RETRIES || !isTransientFailure(error)) throw error;
      await sleep(delayMs(retry + 1));
    }
  }
}
