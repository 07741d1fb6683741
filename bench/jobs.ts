// Background jobs/s through each backend — the embedded queue and BullMQ
// (`redis_queue`: the outbox relayed to BullMQ) — per dialect (no-op job, 4
// workers), beside the floor: BullMQ alone on the local Redis with 4 workers.
// `node --import tsx bench/jobs.ts [--dialects sqlite,postgres,mariadb] [--jobs 2000] [--backends embedded,bullmq]`
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Queue, Worker } from 'bullmq';
import { loadConfig } from '../packages/server/src/core/config/load-config.js';
import { createLogger } from '../packages/server/src/core/logger.js';
import { withContext } from '../packages/server/src/engine/runtime/with-context.js';
import {
  closeJobBackend,
  enqueue,
  jobStoreOf,
  startJobWorker,
} from '../packages/server/src/features/jobs/index.js';
import { bullmqQueuesOf } from '../packages/server/src/features/jobs/bullmq/bullmq-queues.js';
import { jobThreadEntry } from '../packages/server/src/job-thread-entry.js';
import { dropDatabase } from '../packages/server/src/platform/db/connect.js';
import type { DbType } from '../packages/server/src/platform/db/database.js';
import type { Site } from '../packages/server/src/engine/site.js';
import { createSite } from '../packages/server/src/sites/create-site.js';

const { values } = parseArgs({
  options: {
    dialects: { type: 'string', default: 'sqlite,postgres,mariadb' },
    jobs: { type: 'string', default: '2000' },
    redis: { type: 'string', default: 'redis://127.0.0.1:6379/0' },
    backends: { type: 'string', default: 'embedded,bullmq' },
  },
});
const JOBS = Number(values.jobs);
const WORKERS = 4;
const SERVERS: Record<DbType, Record<string, unknown>> = {
  sqlite: {},
  postgres: { db_host: '127.0.0.1', db_port: 5432, db_user: 'postgres' },
  mariadb: { db_host: '127.0.0.1', db_port: 3306, db_user: 'root' },
};

type Backend = 'embedded' | 'bullmq';

async function backendRate(dialect: DbType, backend: Backend): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'cortado-bench-jobs-'));
  const name = `jobs-${randomUUID().slice(0, 8)}.localhost`;
  const { site } = await createSite(dir, name, {
    adminPassword: randomUUID(),
    config: {
      ...SERVERS[dialect],
      db_type: dialect,
      db_name: name.replace(/\W/g, '_'),
      installed_apps: [new URL('./lib/jobs-bench-app.ts', import.meta.url).href],
      job_poll_interval_ms: 20,
      ...(backend === 'bullmq' ? { redis_queue: values.redis } : {}),
    },
  });
  try {
    const worker = startJobWorker(site, createLogger({ level: 'silent' }), {
      concurrency: WORKERS,
      threadEntry: jobThreadEntry(),
    });
    // Warm-up: the first jobs start the worker threads, which load the server code.
    await enqueueNoops(site, WORKERS * 2);
    await allDone(site);
    const start = performance.now();
    await enqueueNoops(site, JOBS);
    await allDone(site);
    const seconds = (performance.now() - start) / 1000;
    await worker.stop();
    return JOBS / seconds;
  } finally {
    if (backend === 'bullmq') {
      for (const queue of (await bullmqQueuesOf(site)).all())
        await queue.obliterate({ force: true });
      await closeJobBackend(site);
    }
    await site.db.close();
    await dropDatabase(loadConfig(dir, name), join(dir, name));
    rmSync(dir, { recursive: true, force: true });
  }
}

async function enqueueNoops(site: Site, count: number): Promise<void> {
  for (let i = 0; i < count; i += 100)
    await withContext(site, 'Administrator', async (ctx) => {
      for (let j = i; j < Math.min(count, i + 100); j++)
        await enqueue(ctx, { method: 'jobs_bench.noop' });
    });
}

/** Waits until no job is queued or started on the site's backend (outbox rows included). */
async function allDone(site: Site): Promise<void> {
  const store = jobStoreOf(site);
  for (;;) {
    const [queued, started] = await Promise.all([
      store.list({ status: 'queued', limit: 1 }),
      store.list({ status: 'started', limit: 1 }),
    ]);
    if (queued.length === 0 && started.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function bullmqRate(): Promise<number> {
  const url = new URL(values.redis);
  const connection = {
    host: url.hostname,
    port: Number(url.port || 6379),
    maxRetriesPerRequest: null,
  };
  const name = `cortado-bench-${randomUUID()}`;
  const queue = new Queue(name, { connection });
  try {
    await queue.addBulk(
      Array.from({ length: JOBS }, () => ({
        name: 'noop',
        data: {},
        opts: { removeOnComplete: true },
      })),
    );
    let done = 0;
    const start = performance.now();
    const finished = new Promise<void>((resolve) => {
      const worker = new Worker(name, async () => null, { connection, concurrency: WORKERS });
      worker.on('completed', () => {
        if (++done === JOBS) void worker.close().then(resolve);
      });
    });
    await finished;
    return JOBS / ((performance.now() - start) / 1000);
  } finally {
    await queue.obliterate({ force: true });
    await queue.close();
  }
}

const floor = await bullmqRate();
console.log(`| backend | jobs/s (${JOBS} no-op jobs, ${WORKERS} workers) | vs BullMQ alone |`);
console.log('|---|---:|---:|');
console.log(`| BullMQ alone (floor) | ${floor.toFixed(0)} | 1.00 |`);
for (const backend of values.backends.split(',').map((b) => b.trim()) as Backend[])
  for (const dialect of values.dialects.split(',').map((d) => d.trim()) as DbType[]) {
    const rate = await backendRate(dialect, backend);
    console.log(`| ${backend}, ${dialect} | ${rate.toFixed(0)} | ${(rate / floor).toFixed(2)} |`);
  }
