import type { Site } from '../../engine/site.js';
import { withContext } from '../../engine/runtime/with-context.js';
import type { JobPayload } from './enqueue.js';
import { clipJobText, excInfoOf, logFinalFailure, logScheduledRun } from './job-logs.js';
import { JOB_TABLE, type JobRow } from './job-table.js';

/** How a run ended, as the runner reports it. */
export type JobOutcome =
  | { readonly ok: true; readonly result: unknown }
  | {
      readonly ok: false;
      readonly excType: string;
      readonly message: string;
      readonly traceback: string;
    };

/**
 * Records the end of one run: `finished` with its JSON result; or, on
 * failure, back to `queued` after a backoff while retries remain, else
 * `failed` with one Error Log row (title = method, error = traceback), in one
 * transaction. Only the claim that owns the job may finish it: a worker whose
 * lease ran out and was taken over changes nothing.
 */
export async function finishJob(site: Site, job: JobRow, outcome: JobOutcome): Promise<void> {
  const now = Date.now();
  await withContext(site, 'Administrator', async (ctx) => {
    const owned = ctx.uow.db
      .updateTable(JOB_TABLE)
      .where('name', '=', job.name)
      .where('lease_owner', '=', job.lease_owner)
      .where('status', '=', 'started');
    const payload = JSON.parse(job.payload) as JobPayload;
    if (outcome.ok) {
      const result = await owned
        .set({
          status: 'finished',
          result: clipJobText(JSON.stringify(outcome.result ?? null)),
          exc_info: null,
          ended_at: now,
          lease_until: 0,
        })
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 1)
        await logScheduledRun(ctx, payload, 'Complete', null);
      return;
    }
    const excInfo = excInfoOf(outcome);
    const retriesLeft = Number(job.attempts) <= Number(job.max_retries);
    if (retriesLeft) {
      const delay = Number(job.retry_delay_ms) * 2 ** (Number(job.attempts) - 1);
      await owned
        .set({ status: 'queued', exc_info: excInfo, next_attempt_at: now + delay, lease_until: 0 })
        .execute();
      return;
    }
    const result = await owned
      .set({ status: 'failed', exc_info: excInfo, ended_at: now, lease_until: 0 })
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 1)
      await logFinalFailure(ctx, job.method, payload, excInfo);
  });
}
