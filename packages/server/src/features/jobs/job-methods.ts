import type { Context } from '../../engine/context.js';
import type { WhitelistedMethod } from '../../engine/runtime/app-definition.js';
import { namespacedJobId } from './job-id.js';
import { PermissionError } from '../../core/errors/index.js';
import { jobStoreOf } from './job-backend.js';
import { ACTIVE_STATUSES, type JobStatus } from './job-table.js';
import { QUEUE_NAMES } from './queues.js';

/**
 * The status of a job of this site by its `job_id` (plain or namespaced), or
 * null when there is none or the caller may not see it: System Managers see
 * every job, other users the jobs they enqueued.
 */
async function jobStatus(ctx: Context, jobId: string): Promise<JobStatus | null> {
  const name = jobId.startsWith(`${ctx.site.name}||`)
    ? jobId
    : namespacedJobId(ctx.site.name, jobId);
  const job = await jobStoreOf(ctx.site, ctx.uow.db).get(name);
  if (job === undefined || (!ctx.roles.has('System Manager') && job.user !== ctx.user)) return null;
  return job.status;
}

/**
 * `frappe.utils.background_jobs.get_job_status` (RQ's status name or null) and
 * `is_job_enqueued` (true while queued or started), whitelisted for logged-in users.
 */
export const jobMethods: readonly WhitelistedMethod[] = [
  {
    path: 'frappe.utils.background_jobs.get_job_status',
    params: { job_id: { type: 'string' } },
    handler: (args, ctx) => jobStatus(ctx, String(args.job_id)),
  },
  {
    path: 'frappe.utils.background_jobs.is_job_enqueued',
    params: { job_id: { type: 'string' } },
    handler: async (args, ctx) => {
      const status = await jobStatus(ctx, String(args.job_id));
      return status !== null && ACTIVE_STATUSES.includes(status);
    },
  },
  {
    // The Webhook form's queue picker: the queues workers take jobs from (System Managers only).
    path: 'frappe.integrations.doctype.webhook.webhook.get_all_queues',
    handler: (_args, ctx) => {
      if (!ctx.roles.has('System Manager'))
        throw new PermissionError('You are not permitted to access this resource.', {
          title: 'Not Permitted',
        });
      return [...QUEUE_NAMES];
    },
  },
];
