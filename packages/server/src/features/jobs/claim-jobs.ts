import { randomUUID } from 'node:crypto';
import type { Database } from '../../platform/db/database.js';
import { JOB_TABLE, type JobRow } from './job-table.js';

/** How long a claim outlives the job's timeout before another worker may take the job over. */
export const LEASE_MARGIN_MS = 5000;

/**
 * Claims up to `limit` due jobs from `queues`, in the order given (Frappe's
 * queue priority), then `at_front` first, then oldest first. A started job
 * whose lease ran out belonged to a worker that died (kill -9, lost machine):
 * it is claimed again, so a job is never lost. Same claim rules as the
 * webhook outbox: a conditional update moves the lease, and `SKIP LOCKED`
 * (where the dialect has it) keeps competing workers from waiting on each other.
 */
export async function claimJobs(
  db: Database,
  queues: readonly string[],
  limit: number,
  workerName: string,
): Promise<JobRow[]> {
  const claimed: JobRow[] = [];
  for (const queue of queues) {
    if (claimed.length >= limit) break;
    claimed.push(...(await claimFromQueue(db, queue, limit - claimed.length, workerName)));
  }
  return claimed;
}

async function claimFromQueue(
  db: Database,
  queue: string,
  limit: number,
  workerName: string,
): Promise<JobRow[]> {
  const now = Date.now();
  return db.transaction(async (uow) => {
    let query = uow.db
      .selectFrom(JOB_TABLE)
      .selectAll()
      .where('queue', '=', queue)
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'queued'), eb('next_attempt_at', '<=', now)]),
          eb.and([eb('status', '=', 'started'), eb('lease_until', '<=', now)]),
        ]),
      )
      .orderBy('priority')
      .limit(limit);
    if (uow.dialect.capabilities.skipLocked) query = query.forUpdate().skipLocked();
    const rows = (await query.execute()) as JobRow[];
    const claimed: JobRow[] = [];
    for (const row of rows) {
      const owner = randomUUID();
      const attempts = Number(row.attempts) + 1;
      const leaseUntil = now + Number(row.timeout) * 1000 + LEASE_MARGIN_MS;
      const result = await uow.db
        .updateTable(JOB_TABLE)
        .set({
          status: 'started',
          lease_until: leaseUntil,
          lease_owner: owner,
          attempts,
          worker_name: workerName,
          started_at: now,
        })
        .where('name', '=', row.name)
        .where('status', '=', row.status)
        .where('lease_owner', '=', row.lease_owner)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 1)
        claimed.push({
          ...row,
          status: 'started',
          attempts,
          lease_until: leaseUntil,
          lease_owner: owner,
          worker_name: workerName,
          started_at: now,
        });
    }
    return claimed;
  });
}
