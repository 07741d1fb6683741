import { ValidationError } from '../../core/errors/index.js';
import type { Controller, WhitelistedMethod } from '../../engine/runtime/app-definition.js';
import type { Context } from '../../engine/context.js';
import type { Doc } from '../../engine/doc.js';
import { msgprint } from '../../engine/runtime/msgprint.js';
import { checkPermission } from '../../engine/permissions/has-permission.js';
import { getDoc } from '../../engine/operations/get-doc.js';
import { jobStoreOf } from './job-backend.js';
import { localDatetime } from './local-datetime.js';
import type { JobInfo } from './job-store.js';
import { JOB_STATUSES, type JobStatus } from './job-table.js';
import { QUEUE_NAMES } from './queues.js';

const RQ_JOB = 'RQ Job';

/** A job as an RQ Job document: Frappe's `serialize_job` fields. */
export function rqJobDoc(job: JobInfo): Doc {
  const modified = job.ended_at ?? job.started_at ?? job.enqueued_at;
  return {
    doctype: RQ_JOB,
    name: job.name,
    job_id: job.name,
    job_name: job.method,
    queue: job.queue,
    status: job.status,
    timeout: job.timeout,
    started_at: job.started_at === null ? '' : localDatetime(job.started_at),
    ended_at: job.ended_at === null ? '' : localDatetime(job.ended_at),
    time_taken:
      job.ended_at !== null && job.started_at !== null
        ? (job.ended_at - job.started_at) / 1000
        : '',
    exc_info: job.exc_info,
    arguments: JSON.stringify({ kwargs: job.kwargs, job_name: job.method, user: job.user }),
    creation: localDatetime(job.enqueued_at),
    modified: localDatetime(modified),
    owner: job.user,
    modified_by: job.user,
    docstatus: 0,
    _comment_count: 0,
  };
}

/** The status and queue a filter list pins to one value, so the store fetches only those. */
function pinned(
  conditions: readonly { field: string; operator: string; value: unknown }[],
  field: string,
): string | undefined {
  const match = conditions.find((c) => c.field === field && c.operator === '=');
  return match === undefined ? undefined : String(match.value);
}

/**
 * RQ Job: a read-only virtual DocType over the site's live queue (embedded
 * table or BullMQ), for System Managers. Document methods as Frappe's:
 * `cancel` (a queued job), `stop_job`; and Cortado's `retry` (a failed job).
 */
export const rqJobController: Controller = {
  virtual: {
    async list(ctx, conditions) {
      const status = pinned(conditions, 'status');
      const queue = pinned(conditions, 'queue');
      const jobs = await jobStoreOf(ctx.site, ctx.uow.db).list({
        ...(status !== undefined && JOB_STATUSES.includes(status as JobStatus)
          ? { status: status as JobStatus }
          : {}),
        ...(queue !== undefined && QUEUE_NAMES.includes(queue) ? { queue } : {}),
      });
      return jobs.map(rqJobDoc);
    },
    async load(ctx, name) {
      const job = await jobStoreOf(ctx.site, ctx.uow.db).get(name);
      return job === undefined ? undefined : rqJobDoc(job);
    },
    /** Frappe deletes the job: a queued one is taken off its queue; a started one runs to its end first. */
    async remove(ctx, doc) {
      const store = jobStoreOf(ctx.site, ctx.uow.db);
      const name = String(doc.name);
      if (doc.status === 'queued') await store.cancel(name);
      if (!(await store.remove(name)) && doc.status !== 'queued')
        throw new ValidationError(`Job is in ${String(doc.status)} state and can't be deleted`);
    },
  },
  methods: {
    cancel: async (doc, _args, ctx) => cancelJob(ctx, doc),
    stop_job: async (doc, _args, ctx) => stopJob(ctx, doc),
    retry: async (doc, _args, ctx) => retryJob(ctx, doc),
  },
};

async function cancelJob(ctx: Context, doc: Doc): Promise<void> {
  await checkPermission(ctx, RQ_JOB, 'delete', doc);
  if (doc.status !== 'queued' || !(await jobStoreOf(ctx.site, ctx.uow.db).cancel(String(doc.name))))
    msgprint(ctx, `Job is in ${String(doc.status)} state and can't be cancelled`, {
      title: 'Invalid Operation',
    });
}

/** Frappe stops a running RQ job; here a started job runs in a worker thread elsewhere and ends at its timeout. */
async function stopJob(ctx: Context, doc: Doc): Promise<void> {
  await checkPermission(ctx, RQ_JOB, 'delete', doc);
  if (doc.status === 'queued' && (await jobStoreOf(ctx.site, ctx.uow.db).cancel(String(doc.name))))
    return;
  msgprint(ctx, 'Job is not running.', { title: 'Invalid Operation' });
}

async function retryJob(ctx: Context, doc: Doc): Promise<void> {
  await checkPermission(ctx, RQ_JOB, 'delete', doc);
  if (doc.status !== 'failed' || !(await jobStoreOf(ctx.site, ctx.uow.db).retry(String(doc.name))))
    msgprint(ctx, `Job is in ${String(doc.status)} state and can't be retried`, {
      title: 'Invalid Operation',
    });
}

const MODULE = 'frappe.core.doctype.rq_job.rq_job';
/** Failed jobs `remove_failed_jobs` deletes per call. */
const REMOVE_BATCH = 10_000;

/** Frappe's whitelisted RQ Job functions, and `retry_job` (Cortado's: re-queue a failed job). */
export const rqJobMethods: readonly WhitelistedMethod[] = [
  {
    path: `${MODULE}.stop_job`,
    params: { job_id: { type: 'string' } },
    handler: async (args, ctx) => stopJob(ctx, await getDoc(ctx, RQ_JOB, String(args.job_id))),
  },
  {
    path: `${MODULE}.retry_job`,
    params: { job_id: { type: 'string' } },
    handler: async (args, ctx) => retryJob(ctx, await getDoc(ctx, RQ_JOB, String(args.job_id))),
  },
  {
    path: `${MODULE}.remove_failed_jobs`,
    handler: async (_args, ctx) => {
      await checkPermission(ctx, RQ_JOB, 'delete');
      const store = jobStoreOf(ctx.site, ctx.uow.db);
      for (const job of await store.list({ status: 'failed', limit: REMOVE_BATCH }))
        await store.remove(job.name);
    },
  },
  {
    path: `${MODULE}.get_custom_queues`,
    handler: async (_args, ctx) => {
      await checkPermission(ctx, RQ_JOB, 'read');
      return [];
    },
  },
];
