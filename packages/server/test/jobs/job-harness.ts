import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/core/config/load-config.js';
import { createLogger } from '../../src/core/logger.js';
import type { Context } from '../../src/engine/context.js';
import type { Site } from '../../src/engine/site.js';
import { withContext } from '../../src/engine/runtime/with-context.js';
import {
  closeJobBackend,
  jobStoreOf,
  startJobWorker,
  type JobInfo,
  type JobWorker,
  type JobWorkerOptions,
} from '../../src/features/jobs/index.js';
import { bullmqQueuesOf } from '../../src/features/jobs/bullmq/bullmq-queues.js';
import { dropDatabase } from '../../src/platform/db/connect.js';
import type { DbType } from '../../src/platform/db/database.js';
import { createSite } from '../../src/sites/create-site.js';
import { openSite } from '../../src/sites/open-site.js';
import { testSiteConfig } from '../helpers/dialects.js';
import { jobThreadEntry } from '../../src/job-thread-entry.js';
import { siblingModule } from '../helpers/source-tree.js';

export const JOBS_APP = siblingModule('./jobs-app.ts', import.meta.url).href;

/** A site in a folder (so worker threads and processes can open it) with the jobs test app installed. */
export interface JobSite {
  readonly dir: string;
  readonly name: string;
  readonly site: Site;
  asUser<T>(user: string, fn: (ctx: Context) => Promise<T>): Promise<T>;
  startWorker(options?: JobWorkerOptions): JobWorker;
  job(name: string): Promise<JobInfo | undefined>;
  jobs(): Promise<JobInfo[]>;
  /** Waits until the job has `status` (generous deadline, no fixed sleeps). */
  waitFor(name: string, status: string, timeoutMs?: number): Promise<JobInfo>;
  errorLogs(): Promise<{ method: string; error: string }[]>;
  todos(): Promise<{ name: string; description: string; owner: string }[]>;
  /** A scratch file path inside the site folder. */
  file(label: string): string;
  close(): Promise<void>;
}

/** The job backends the contract suite runs against. */
export const BACKENDS = ['embedded', 'bullmq'] as const;
export type Backend = (typeof BACKENDS)[number];

/** Redis for the BullMQ backend; every test site has its own queue names (its random site name), so parallel runs never share keys. */
export const TEST_REDIS = process.env['CORTADO_TEST_REDIS'] ?? 'redis://127.0.0.1:6379/0';

/**
 * Site config selecting `backend`: BullMQ gets the test Redis and a lock short
 * enough that a killed worker's job comes back within seconds, yet long enough
 * that a busy machine's pauses never let a live worker's lock lapse (a lapsed
 * lock makes BullMQ count a running job as stalled).
 */
export function backendConfig(backend: Backend): Record<string, unknown> {
  return backend === 'bullmq' ? { redis_queue: TEST_REDIS, job_lock_duration_ms: 4000 } : {};
}

export async function createJobSite(
  dialect: DbType,
  config: Record<string, unknown> = {},
): Promise<JobSite> {
  const dir = mkdtempSync(join(tmpdir(), 'cortado-jobs-'));
  const name = `jobs-${randomUUID().slice(0, 8)}.localhost`;
  const { db_host, db_port, db_user } = testSiteConfig(dialect);
  const server = dialect === 'sqlite' ? {} : { db_host, db_port, db_user };
  const created = await createSite(dir, name, {
    adminPassword: 'Jobs-Test-1',
    config: {
      ...server,
      db_type: dialect,
      db_name: name.replace(/\W/g, '_'),
      installed_apps: [JOBS_APP],
      job_poll_interval_ms: 50,
      log_level: 'silent',
      ...config,
    },
  });
  await created.site.db.close();
  const site = await openSite(dir, name);
  const workers: JobWorker[] = [];
  let closing: Promise<void> | undefined;
  const logger = createLogger({ level: 'silent' });
  const jobs = () => jobStoreOf(site).list({});
  const job = (jobName: string) => jobStoreOf(site).get(jobName);
  const handle: JobSite = {
    dir,
    name,
    site,
    asUser: (user, fn) => withContext(site, user, fn),
    startWorker(options = {}) {
      const worker = startJobWorker(site, logger, { threadEntry: jobThreadEntry(), ...options });
      workers.push(worker);
      return worker;
    },
    job,
    jobs,
    async waitFor(jobName, status, timeoutMs = 240_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const row = await job(jobName);
        if (row?.status === status) return row;
        if (Date.now() > deadline)
          throw new Error(
            `job ${jobName} is ${row?.status ?? 'missing'}, not ${status}: ${row?.exc_info ?? ''}`,
          );
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    errorLogs: async () =>
      (await site.db.kysely.selectFrom('tabError Log').select(['method', 'error']).execute()) as {
        method: string;
        error: string;
      }[],
    todos: async () =>
      (await site.db.kysely
        .selectFrom('tabToDo')
        .select(['name', 'description', 'owner'])
        .orderBy('creation')
        .execute()) as { name: string; description: string; owner: string }[],
    file: (label) => join(dir, `${label}-${randomUUID().slice(0, 8)}.log`),
    close: () => (closing ??= closeAll()),
  };
  return handle;

  async function closeAll(): Promise<void> {
    await Promise.all(workers.map((worker) => worker.stop()));
    if (site.config.redis_queue) {
      for (const queue of (await bullmqQueuesOf(site)).all())
        await queue.obliterate({ force: true });
      await closeJobBackend(site);
    }
    await site.db.close();
    await dropDatabase(loadConfig(dir, name), join(dir, name));
    rmSync(dir, { recursive: true, force: true });
  }
}
