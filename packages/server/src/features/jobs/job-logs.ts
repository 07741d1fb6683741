import type { Context } from '../../engine/context.js';
import { insertDoc } from '../../engine/document.js';
import type { JobPayload } from './enqueue.js';
import type { JobOutcome } from './finish-job.js';

/** Longest result or traceback kept for a job. */
const MAX_TEXT = 64 * 1024;

export function clipJobText(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
}

/** A failed outcome as the text RQ keeps in `exc_info`: the traceback, else the exception and message. */
export function excInfoOf(outcome: Extract<JobOutcome, { ok: false }>): string {
  return clipJobText(outcome.traceback || `${outcome.excType}: ${outcome.message}`);
}

/** A job that failed for good leaves one Error Log row (title = method, error = traceback), on either backend. */
export async function logFinalFailure(
  ctx: Context,
  method: string,
  payload: JobPayload,
  excInfo: string,
): Promise<void> {
  await insertDoc(ctx, { doctype: 'Error Log', method, error: excInfo });
  await logScheduledRun(ctx, payload, 'Failed', excInfo);
}

/** A run of a Scheduled Job Type leaves a Scheduled Job Log row (A6). */
export async function logScheduledRun(
  ctx: Context,
  payload: JobPayload,
  status: 'Complete' | 'Failed',
  details: string | null,
): Promise<void> {
  if (payload.scheduled_job_type === undefined || payload.create_log !== true) return;
  await insertDoc(ctx, {
    doctype: 'Scheduled Job Log',
    scheduled_job_type: payload.scheduled_job_type,
    status,
    details,
  });
}
