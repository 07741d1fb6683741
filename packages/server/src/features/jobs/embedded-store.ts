import type { Kysely } from 'kysely';
import type { Site } from '../../engine/site.js';
import { ACTIVE_STATUSES, JOB_TABLE, type JobRow } from './job-table.js';
import { infoFromRow, type JobFilter, type JobStore } from './job-store.js';
import { jobsCommitted } from './wake-workers.js';
import { runningWorkers } from './worker-registry.js';

/** Newest first, at most this many jobs per listing unless asked otherwise. */
export const DEFAULT_JOB_LIST_LIMIT = 500;

/**
 * The live queue of the embedded backend: the site's job table, read through
 * `db` (the caller's transaction inside a request: SQLite has one connection).
 */
export function embeddedJobStore(site: Site, db: Kysely<any> = site.db.kysely): JobStore {
  const rows = () => db.selectFrom(JOB_TABLE).selectAll();
  return {
    async get(name) {
      const row = (await rows().where('name', '=', name).executeTakeFirst()) as JobRow | undefined;
      return row === undefined ? undefined : infoFromRow(row);
    },
    async list(filter: JobFilter) {
      let query = rows()
        .orderBy('enqueued_at', 'desc')
        .limit(filter.limit ?? DEFAULT_JOB_LIST_LIMIT);
      if (filter.status !== undefined) query = query.where('status', '=', filter.status);
      if (filter.queue !== undefined) query = query.where('queue', '=', filter.queue);
      return ((await query.execute()) as JobRow[]).map(infoFromRow);
    },
    async queuedCount(queue) {
      const row = (await db
        .selectFrom(JOB_TABLE)
        .select((eb) => eb.fn.countAll().as('count'))
        .where('status', '=', 'queued')
        .where('queue', '=', queue)
        .executeTakeFirst()) as { count: number | string | bigint } | undefined;
      return Number(row?.count ?? 0);
    },
    async isActive(name) {
      const row = await rows()
        .where('name', '=', name)
        .where('status', 'in', ACTIVE_STATUSES)
        .executeTakeFirst();
      return row !== undefined;
    },
    async cancel(name) {
      const result = await db
        .updateTable(JOB_TABLE)
        .set({ status: 'canceled', ended_at: Date.now() })
        .where('name', '=', name)
        .where('status', '=', 'queued')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async retry(name) {
      const result = await db
        .updateTable(JOB_TABLE)
        .set({ status: 'queued', attempts: 0, next_attempt_at: Date.now(), ended_at: null })
        .where('name', '=', name)
        .where('status', '=', 'failed')
        .executeTakeFirst();
      const retried = Number(result.numUpdatedRows) === 1;
      if (retried) jobsCommitted(site);
      return retried;
    },
    async remove(name) {
      const result = await db
        .deleteFrom(JOB_TABLE)
        .where('name', '=', name)
        .where('status', 'not in', ACTIVE_STATUSES)
        .executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },
    async workers() {
      const busy = (await db
        .selectFrom(JOB_TABLE)
        .select('worker_name')
        .where('status', '=', 'started')
        .execute()) as { worker_name: string | null }[];
      const names = new Set(busy.map((row) => row.worker_name ?? '').filter(Boolean));
      const local = runningWorkers(site).map((worker) => ({
        ...worker,
        status: names.has(worker.name) ? ('busy' as const) : ('idle' as const),
      }));
      const elsewhere = [...names]
        .filter((name) => !local.some((worker) => worker.name === name))
        .map((name) => ({ name, queues: [], status: 'busy' as const }));
      return [...local, ...elsewhere];
    },
  };
}
