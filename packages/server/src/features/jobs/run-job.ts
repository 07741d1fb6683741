import type { Context } from '../../engine/context.js';
import { runDocMethod } from '../../engine/operations/run-doc-method.js';
import type { Site } from '../../engine/site.js';
import { DoesNotExistError } from '../../core/errors/index.js';
import type { JobPayload } from './enqueue.js';

/** The function behind a job's method path: an app's `jobs` entry, else a whitelisted app method. */
export function resolveJobFunction(
  site: Site,
  method: string,
): ((kwargs: Record<string, unknown>, ctx: Context) => unknown) | undefined {
  for (const app of [...site.apps.apps].reverse()) {
    const job = app.jobs?.[method];
    if (job !== undefined) return job;
  }
  return site.apps.method(method)?.handler;
}

/**
 * Runs a job's call in `ctx` (the worker's transaction, or the caller's with
 * `now`). An unknown method fails the job with DoesNotExistError; it is
 * checked here, not at enqueue, because the worker may run newer code.
 */
export async function runJobNow(
  ctx: Context,
  method: string,
  payload: JobPayload,
): Promise<unknown> {
  if (payload.doctype !== undefined && payload.docname !== undefined)
    return runDocMethod(ctx, payload.doctype, payload.docname, method, payload.kwargs);
  const fn = resolveJobFunction(ctx.site, method);
  if (fn === undefined) throw new DoesNotExistError(`No background job function named ${method}`);
  return fn(payload.kwargs, ctx);
}
