import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { insertDoc } from '../../src/engine/document.js';
import { enqueue, enqueueDoc, type EnqueuedJob } from '../../src/features/jobs/index.js';
import { jobMethods } from '../../src/features/jobs/job-methods.js';
import { writeJob } from '../../src/features/jobs/enqueue.js';
import {
  runJobTransaction,
  TRANSIENT_RETRIES,
  transientRetryDelayMs,
} from '../../src/features/jobs/run-job-transaction.js';
import { DIALECTS } from '../helpers/dialects.js';
import { waitFor } from '../helpers/wait-for.js';
import { BACKENDS, backendConfig, createJobSite, type JobSite } from './job-harness.js';
import { nodeArgs, siblingModule } from '../helpers/source-tree.js';

const WORKER_CHILD = siblingModule('./worker-child.ts', import.meta.url);
const ADD_TODO = 'jobs_test.tasks.add_todo';

for (const backend of BACKENDS)
  for (const dialect of DIALECTS)
    describe(`background jobs contract (${backend}, ${dialect})`, () => {
      let s: JobSite;
      after(() => s?.close());

      test('setup', async () => {
        s = await createJobSite(dialect, backendConfig(backend));
      });

      test('a job runs in a worker as the user who enqueued it and commits', async () => {
        const job = (await s.asUser('Administrator', (ctx) =>
          enqueue(ctx, { method: ADD_TODO, kwargs: { description: 'from a job' } }),
        )) as EnqueuedJob;
        assert.match(job.id, new RegExp(`^${s.name.replaceAll('.', '\\.')}\\|\\|`));
        assert.equal(job.queue, 'default');
        s.startWorker();
        const row = await s.waitFor(job.id, 'finished');
        assert.equal(Number(row.timeout), 300);
        assert.deepEqual(JSON.parse(String(row.result)), {
          name: JSON.parse(String(row.result)).name,
          user: 'Administrator',
        });
        const todo = (await s.todos()).find((t) => t.description === 'from a job');
        assert.equal(todo?.owner, 'Administrator');
        const status = await s.asUser('Administrator', async (ctx) =>
          jobMethods[0]!.handler({ job_id: job.job_id }, ctx),
        );
        assert.equal(status, 'finished');
      });

      test('8 concurrent enqueuers with one job_id and deduplicate make one job', async () => {
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            s.asUser('Administrator', (ctx) =>
              enqueue(ctx, {
                // A job that stays active until its timeout stops it: a job
                // that finished within the enqueue window would free the id
                // for a later enqueuer, as deduplicate intends.
                method: 'jobs_test.tasks.idle',
                job_id: `dedupe:${dialect}`,
                deduplicate: true,
                queue: 'long',
                timeout: 5,
                kwargs: { attempt: i },
              }),
            ),
          ),
        );
        assert.equal(results.filter((r) => r !== null).length, 1, JSON.stringify(results));
        const id = `${s.name}||dedupe|${dialect}`;
        assert.equal((await s.jobs()).filter((row) => row.name === id).length, 1);
        await s.waitFor(id, 'failed');
        // Ended: the id is free again, and the new job replaces the old record.
        const again = await s.asUser('Administrator', (ctx) =>
          enqueue(ctx, {
            method: 'jobs_test.tasks.exists',
            job_id: `dedupe:${dialect}`,
            deduplicate: true,
            kwargs: { path: '/' },
          }),
        );
        assert.notEqual(again, null);
        assert.equal(JSON.parse(String((await s.waitFor(id, 'finished')).result)), true);
      });

      test('a job enqueued in a transaction that rolls back never exists; after commit it runs', async () => {
        await assert.rejects(
          s.asUser('Administrator', async (ctx) => {
            await enqueue(ctx, {
              method: ADD_TODO,
              job_id: 'rolled-back',
              enqueue_after_commit: true,
              kwargs: { description: 'never' },
            });
            throw new Error('request failed');
          }),
          /request failed/,
        );
        assert.equal(await s.job(`${s.name}||rolled-back`), undefined);
        const returned = await s.asUser('Administrator', (ctx) =>
          enqueue(ctx, {
            method: ADD_TODO,
            job_id: 'committed',
            enqueue_after_commit: true,
            kwargs: { description: 'after commit' },
          }),
        );
        assert.equal(returned, null, 'Frappe returns None for after-commit enqueues');
        await s.waitFor(`${s.name}||committed`, 'finished');
        assert.ok((await s.todos()).some((t) => t.description === 'after commit'));
        assert.ok(!(await s.todos()).some((t) => t.description === 'never'));
      });

      test('a committed job that its process never handed on (it died after the commit) still runs', async () => {
        // A copy of the site without the after-commit hand-off: the row is
        // committed, and nothing in this process relays it or wakes a worker.
        const silent = { ...s.site, config: { ...s.site.config, redis_queue: null } };
        const job = await s.site.db.transaction((uow) =>
          writeJob(
            silent,
            uow,
            'Administrator',
            { method: ADD_TODO, job_id: 'orphaned' },
            { kwargs: { description: 'orphaned outbox row' } },
          ),
        );
        assert.equal(job?.id, `${s.name}||orphaned`);
        await s.waitFor(job.id, 'finished');
        assert.ok((await s.todos()).some((t) => t.description === 'orphaned outbox row'));
      });

      test('retries with backoff, then success; a job that keeps failing ends failed with one Error Log', async () => {
        const log = s.file('flaky');
        const flaky = (await s.asUser('Administrator', (ctx) =>
          enqueue(ctx, {
            method: 'jobs_test.tasks.flaky',
            retry: 2,
            retry_interval: 0.05,
            kwargs: { log, succeed_on: 3, description: 'third time' },
          }),
        )) as EnqueuedJob;
        const done = await s.waitFor(flaky.id, 'finished');
        assert.equal(Number(done.attempts), 3);
        assert.equal(readFileSync(log, 'utf8').trim().split('\n').length, 3);

        const failing = (await s.asUser('Administrator', (ctx) =>
          enqueue(ctx, {
            method: 'jobs_test.tasks.fail',
            retry: 1,
            retry_interval: 0.05,
            kwargs: { tag: 'final' },
          }),
        )) as EnqueuedJob;
        const failed = await s.waitFor(failing.id, 'failed');
        assert.equal(Number(failed.attempts), 2);
        assert.match(String(failed.exc_info), /boom final/);
        const logs = await errorLogsOf(s, 'jobs_test.tasks.fail');
        assert.equal(logs.length, 1);
        assert.match(logs[0]!.error, /ValidationError: boom final/);
        assert.ok(
          !(await s.todos()).some((t) => t.description === 'written-before-failure'),
          "a failed job's writes roll back",
        );
        assert.equal(
          (await s.errorLogs()).filter((l) => l.method === 'jobs_test.tasks.flaky').length,
          0,
          'a job that finally succeeded logs no error',
        );
      });

      test('a job that exceeds its timeout is stopped (even a busy loop) and the worker goes on', async () => {
        const spin = (await s.asUser('Administrator', (ctx) =>
          enqueue(ctx, { method: 'jobs_test.tasks.spin', timeout: 1, queue: 'long' }),
        )) as EnqueuedJob;
        const failed = await s.waitFor(spin.id, 'failed');
        assert.match(String(failed.exc_info), /JobTimeoutException/);
        assert.ok((await s.errorLogs()).some((l) => l.method === 'jobs_test.tasks.spin'));
        const next = (await s.asUser('Administrator', (ctx) =>
          enqueue(ctx, {
            method: ADD_TODO,
            queue: 'long',
            kwargs: { description: 'after the spin' },
          }),
        )) as EnqueuedJob;
        await s.waitFor(next.id, 'finished');
      });

      test('bad input: unknown method fails the job; bad queue, non-JSON kwargs and dedupe without id are refused', async () => {
        const unknown = (await s.asUser('Administrator', (ctx) =>
          enqueue(ctx, { method: 'no_such.app.method' }),
        )) as EnqueuedJob;
        const failed = await s.waitFor(unknown.id, 'failed');
        assert.match(String(failed.exc_info), /DoesNotExistError|No background job function/);
        await assert.rejects(
          s.asUser('Administrator', (ctx) => enqueue(ctx, { method: ADD_TODO, queue: 'urgent' })),
          { name: 'ValidationError', message: 'Queue should be one of short, default, long' },
        );
        await assert.rejects(
          s.asUser('Administrator', (ctx) => enqueue(ctx, { method: ADD_TODO, deduplicate: true })),
          { message: '`job_id` paramater is required for deduplication.' },
        );
        for (const kwargs of [{ when: new Date() }, { f: () => 1 }, { n: Number.NaN }, { big: 1n }])
          await assert.rejects(
            s.asUser('Administrator', (ctx) =>
              enqueue(ctx, { method: ADD_TODO, kwargs: kwargs as Record<string, unknown> }),
            ),
            { name: 'ValidationError' },
          );
        const cyclic: Record<string, unknown> = {};
        cyclic.self = cyclic;
        await assert.rejects(
          s.asUser('Administrator', (ctx) => enqueue(ctx, { method: ADD_TODO, kwargs: cyclic })),
          /circular/,
        );
      });

      test('now runs in the caller transaction; enqueue_doc of a method the controller lacks fails the job', async () => {
        const result = await s.asUser('Administrator', (ctx) =>
          enqueue(ctx, { method: 'jobs_test.tasks.exists', now: true, kwargs: { path: s.dir } }),
        );
        assert.equal(result, true);
        const todo = await s.asUser('Administrator', (ctx) =>
          insertDoc(ctx, { doctype: 'ToDo', description: 'doc job' }),
        );
        const job = (await s.asUser('Administrator', (ctx) =>
          enqueueDoc(ctx, 'ToDo', String(todo.name), 'no_such_method'),
        )) as EnqueuedJob;
        const failed = await s.waitFor(job.id, 'failed');
        assert.match(String(failed.exc_info), /no_such_method not found/);
      });

      test('enqueue_doc runs a whitelisted controller method of the document as the enqueuing user', async () => {
        const note = await s.asUser('Administrator', (ctx) =>
          insertDoc(ctx, { doctype: 'Job Test Note', title: 'first note', status: 'open' }),
        );
        const job = (await s.asUser('Administrator', (ctx) =>
          enqueueDoc(ctx, 'Job Test Note', String(note.name), 'mark', {
            queue: 'short',
            kwargs: { status: 'done' },
          }),
        )) as EnqueuedJob;
        const row = await s.waitFor(job.id, 'finished');
        assert.equal(row.queue, 'short');
        assert.equal(row.method, 'mark');
        assert.equal(JSON.parse(String(row.result)), 'first note', "the method's return value");
        const stored = await s.site.db.kysely
          .selectFrom('tabJob Test Note')
          .select('status')
          .where('name', '=', String(note.name))
          .executeTakeFirstOrThrow();
        assert.equal(stored.status, 'done by Administrator');
        // A document that is gone by the time the job runs fails the job, like any other error.
        const gone = (await s.asUser('Administrator', (ctx) =>
          enqueueDoc(ctx, 'Job Test Note', 'no-such-note', 'mark', { kwargs: { status: 'x' } }),
        )) as EnqueuedJob;
        assert.match(
          String((await s.waitFor(gone.id, 'failed')).exc_info),
          /DoesNotExistError|not found/,
        );
      });

      test('a deadlock or RetryBackgroundJobError rolls the run back and runs it again in place (A4.4, J7)', async () => {
        const transient = (kwargs: Record<string, unknown>) =>
          s.asUser('Administrator', (ctx) =>
            enqueue(ctx, { method: 'jobs_test.tasks.transient', kwargs }),
          ) as Promise<EnqueuedJob>;
        const log = s.file('transient');
        const asked = await transient({ log, succeed_on: 3, description: 'asked' });
        const done = await s.waitFor(asked.id, 'finished');
        assert.equal(JSON.parse(String(done.result)), 3);
        assert.equal(runs(log), 3);
        assert.equal(Number(done.attempts), 1, 'one attempt of the job, not a `retry`');
        const deadlockLog = s.file('deadlock');
        const deadlocked = await transient({
          log: deadlockLog,
          succeed_on: 2,
          deadlock: true,
          description: 'deadlocked',
        });
        await s.waitFor(deadlocked.id, 'finished');
        assert.equal(runs(deadlockLog), 2);
        const written = (await s.todos())
          .map((t) => t.description)
          .filter((d) => /^(asked|deadlocked) /.test(d));
        assert.deepEqual(
          written.sort(),
          ['asked 3', 'deadlocked 2'],
          'the failed runs rolled back',
        );
        assert.equal(
          (await s.errorLogs()).filter((l) => l.method === 'jobs_test.tasks.transient').length,
          0,
        );
      });

      test('get_job_status shows a user only their own jobs', async () => {
        const job = (await s.asUser('Administrator', (ctx) =>
          enqueue(ctx, { method: 'jobs_test.tasks.exists', job_id: 'mine', kwargs: { path: '/' } }),
        )) as EnqueuedJob;
        await s.waitFor(job.id, 'finished');
        const asGuest = await s.asUser('Guest', async (ctx) =>
          jobMethods[0]!.handler({ job_id: 'mine' }, ctx),
        );
        assert.equal(asGuest, null);
        const enqueued = await s.asUser('Administrator', async (ctx) =>
          jobMethods[1]!.handler({ job_id: 'mine' }, ctx),
        );
        assert.equal(enqueued, false);
      });
    });

for (const dialect of DIALECTS)
  test(`transient failures are run again at most 5 times with growing pauses; other failures once (${dialect})`, async () => {
    const s = await createJobSite(dialect);
    try {
      const request = (method: string, log: string) => ({
        method,
        user: 'Administrator',
        payload: { kwargs: { log, succeed_on: 99, description: 'bounded' } },
      });
      const pauses: number[] = [];
      const log = s.file('bounded');
      await assert.rejects(
        runJobTransaction(s.site, request('jobs_test.tasks.transient', log), {
          delayMs: (retry) => (pauses.push(retry), 1),
        }),
        { name: 'RetryBackgroundJobError' },
      );
      assert.equal(runs(log), 1 + TRANSIENT_RETRIES);
      assert.deepEqual(pauses, [1, 2, 3, 4, 5]);
      assert.deepEqual(pauses.map(transientRetryDelayMs), [1000, 2000, 3000, 4000, 5000]);
      assert.ok(!(await s.todos()).some((t) => t.description.startsWith('bounded')));
      const once = s.file('once');
      await assert.rejects(
        runJobTransaction(s.site, request('jobs_test.tasks.flaky', once), { delayMs: () => 1 }),
        /flaky run 1/,
      );
      assert.equal(runs(once), 1, 'an ordinary failure is not run again in place');
    } finally {
      await s.close();
    }
  });

for (const backend of BACKENDS)
  for (const dialect of DIALECTS)
    test(`a worker given --queue short,default takes jobs only from those queues (${backend}, ${dialect})`, async () => {
      const s = await createJobSite(dialect, backendConfig(backend));
      const child = spawn(
        process.execPath,
        nodeArgs(WORKER_CHILD, [s.dir, s.name, 'short,default']),
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      try {
        const add = (queue: string, description: string) =>
          s.asUser('Administrator', (ctx) =>
            enqueue(ctx, { method: ADD_TODO, queue, kwargs: { description } }),
          ) as Promise<EnqueuedJob>;
        const long = await add('long', 'on long');
        const onDefault = await add('default', 'on default');
        const onShort = await add('short', 'on short');
        await s.waitFor(onShort.id, 'finished');
        await s.waitFor(onDefault.id, 'finished');
        // A job enqueued later proves the worker looked again after the long job was waiting.
        const later = await add('default', 'later on default');
        await s.waitFor(later.id, 'finished');
        assert.equal((await s.job(long.id))?.status, 'queued');
        assert.equal(
          String((await s.job(onShort.id))?.worker_name).endsWith(`.${child.pid}`),
          true,
        );
        s.startWorker({ queues: ['long'] });
        await s.waitFor(long.id, 'finished');
      } finally {
        child.kill('SIGKILL');
        await exited;
        await s.close();
      }
    });

for (const backend of BACKENDS)
  for (const dialect of DIALECTS)
    test(`back-pressure: a queue holding max_queued_jobs + 50 waiting jobs refuses more with QueueOverloaded (J8) (${backend}, ${dialect})`, async () => {
      const s = await createJobSite(dialect, { ...backendConfig(backend), max_queued_jobs: 1 });
      try {
        const add = (description: string, queue = 'default') =>
          s.asUser('Administrator', (ctx) =>
            enqueue(ctx, { method: ADD_TODO, queue, kwargs: { description } }),
          ) as Promise<EnqueuedJob>;
        const filled = await s.asUser('Administrator', async (ctx) => {
          const jobs: EnqueuedJob[] = [];
          for (let i = 0; i < 51; i++)
            jobs.push(
              (await enqueue(ctx, {
                method: ADD_TODO,
                kwargs: { description: `fill ${i}` },
              })) as EnqueuedJob,
            );
          return jobs;
        });
        await assert.rejects(add('one too many'), (error: Error) => {
          assert.equal(error.name, 'QueueOverloaded');
          // BullMQ may count a job twice while it moves from the outbox to Redis.
          const count = backend === 'embedded' ? '51' : '5\\d';
          assert.match(
            error.message,
            new RegExp(
              `^Too many queued background jobs \\(${count}\\)\\. Please retry after some time\\.$`,
            ),
          );
          return true;
        });
        assert.equal(
          (await s.jobs()).filter((job) => job.kwargs.description === 'one too many').length,
          0,
        );
        // Another queue is not full; once workers drain this one, it takes jobs again.
        await add('on short', 'short');
        s.startWorker({ concurrency: 2 });
        await s.waitFor(filled.at(-1)!.id, 'finished');
        await s.waitFor((await add('room again')).id, 'finished');
      } finally {
        await s.close();
      }
    });

// Queue priority across queues is the embedded backend's promise; BullMQ serves each queue with its own worker.
for (const dialect of DIALECTS)
  test(`at_front jobs run first; queue priority short before default before long (${dialect})`, async () => {
    const s = await createJobSite(dialect);
    try {
      const log = s.file('order');
      const add = (description: string, options: { queue?: string; at_front?: boolean } = {}) =>
        s.asUser('Administrator', (ctx) =>
          enqueue(ctx, { method: ADD_TODO, ...options, kwargs: { description, log } }),
        );
      await add('long-1', { queue: 'long' });
      await add('default-1');
      await add('default-2');
      await add('default-front', { at_front: true });
      await add('short-1', { queue: 'short' });
      const worker = s.startWorker({ concurrency: 1 });
      const deadline = Date.now() + 240_000;
      while (runs(log) < 5) {
        assert.ok(Date.now() < deadline, 'jobs did not all run');
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      assert.deepEqual(readFileSync(log, 'utf8').trim().split('\n'), [
        'short-1',
        'default-front',
        'default-1',
        'default-2',
        'long-1',
      ]);
      await worker.stop();
    } finally {
      await s.close();
    }
  });

for (const backend of BACKENDS)
  for (const dialect of DIALECTS)
    test(`kill -9 of a worker process mid-job: the job runs again and is not lost (${backend}, ${dialect})`, async () => {
      const s = await createJobSite(dialect, backendConfig(backend));
      try {
        const log = s.file('hang');
        const job = (await s.asUser('Administrator', (ctx) =>
          enqueue(ctx, {
            method: 'jobs_test.tasks.hang_once',
            timeout: 2,
            kwargs: { log, description: 'survived' },
          }),
        )) as EnqueuedJob;
        await killWorkerMidJob(s, log, 1, async () =>
          assert.equal((await s.job(job.id))?.status, 'started'),
        );
        s.startWorker();
        const done = await s.waitFor(job.id, 'finished');
        assert.equal(Number(done.attempts), 2);
        assert.equal((await s.todos()).filter((t) => t.description === 'survived').length, 1);
      } finally {
        await s.close();
      }
    });

/**
 * The Error Log rows of `method`, once there is one: on BullMQ the job is
 * marked failed in Redis before its worker writes the Error Log.
 */
function errorLogsOf(s: JobSite, method: string) {
  return waitFor(`an Error Log for ${method}`, async () => {
    const logs = (await s.errorLogs()).filter((l) => l.method === method);
    return logs.length > 0 && logs;
  });
}

/** Lines in a job's run log (each run appends one). */
function runs(log: string): number {
  return existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').length : 0;
}

/**
 * Starts a `cortado worker` process, waits until the job's log shows run
 * number `run` (the job is mid-run), runs `check`, then kills the process
 * with SIGKILL and waits for it to be gone.
 */
async function killWorkerMidJob(
  s: JobSite,
  log: string,
  run: number,
  check: () => Promise<void> = async () => {},
): Promise<void> {
  const child = spawn(process.execPath, nodeArgs(WORKER_CHILD, [s.dir, s.name]), {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const deadline = Date.now() + 240_000;
    while (runs(log) < run) {
      assert.ok(Date.now() < deadline, `the worker never started run ${run}: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await check();
  } finally {
    child.kill('SIGKILL');
    await exited;
  }
}

for (const dialect of DIALECTS)
  test(`BullMQ: a job whose workers keep dying ends failed with an Error Log (${dialect})`, async () => {
    const s = await createJobSite(dialect, backendConfig('bullmq'));
    try {
      const log = s.file('doomed');
      const job = (await s.asUser('Administrator', (ctx) =>
        enqueue(ctx, { method: 'jobs_test.tasks.hang', kwargs: { log } }),
      )) as EnqueuedJob;
      await killWorkerMidJob(s, log, 1);
      await killWorkerMidJob(s, log, 2);
      s.startWorker();
      const failed = await s.waitFor(job.id, 'failed');
      assert.match(String(failed.exc_info), /stalled/);
      assert.equal(runs(log), 2, 'not run a third time');
      const logs = await errorLogsOf(s, 'jobs_test.tasks.hang');
      assert.equal(logs.length, 1);
    } finally {
      await s.close();
    }
  });
