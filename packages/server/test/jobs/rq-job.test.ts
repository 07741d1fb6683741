import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { createLogger } from '../../src/core/logger.js';
import { enqueue, type EnqueuedJob } from '../../src/features/jobs/index.js';
import { DIALECTS } from '../helpers/dialects.js';
import { TEST_USER_HEADER, testAuthenticator } from '../helpers/build-test-app.js';
import { BACKENDS, backendConfig, createJobSite, type JobSite } from './job-harness.js';

const RQ_JOB = '/api/resource/RQ%20Job';
const MODULE = '/api/method/frappe.core.doctype.rq_job.rq_job';

for (const backend of BACKENDS)
  for (const dialect of DIALECTS)
    describe(`RQ Job and RQ Worker over the live queue (${backend}, ${dialect})`, () => {
      let s: JobSite;
      let app: FastifyInstance;
      const jobs: Record<string, EnqueuedJob> = {};
      after(async () => {
        await app?.close();
        await s?.close();
      });

      async function call(
        url: string,
        options: { method?: 'GET' | 'POST'; user?: string; body?: unknown } = {},
      ) {
        const response = await app.inject({
          method: options.method ?? 'GET',
          url,
          headers: { [TEST_USER_HEADER]: options.user ?? 'Administrator' },
          ...(options.body === undefined ? {} : { payload: options.body as object }),
        });
        return { status: response.statusCode, body: response.json() as Record<string, unknown> };
      }
      const list = (query: Record<string, unknown>) =>
        call(
          `${RQ_JOB}?${new URLSearchParams(
            Object.entries(query).map(([key, value]): [string, string] => [
              key,
              JSON.stringify(value),
            ]),
          ).toString()}`,
        );

      test('setup: a finished, a failed and a queued job', async () => {
        s = await createJobSite(dialect, backendConfig(backend));
        app = await buildApp({
          sites: [s.site],
          logger: createLogger({ level: process.env['DEBUG_RQ'] ? 'error' : 'silent' }),
          authenticate: testAuthenticator,
        });
        const add = (name: string, options: Parameters<typeof enqueue>[1]) =>
          s
            .asUser('Administrator', (ctx) => enqueue(ctx, options))
            .then((job) => (jobs[name] = job as EnqueuedJob));
        await add('done', { method: 'jobs_test.tasks.exists', kwargs: { path: '/' } });
        await add('flaky', {
          method: 'jobs_test.tasks.flaky',
          kwargs: { log: s.file('flaky'), succeed_on: 2, description: 'retried by hand' },
        });
        // Nothing serves `long` here: this one stays queued.
        await add('waiting', { method: 'jobs_test.tasks.exists', queue: 'long', kwargs: {} });
        s.startWorker({ queues: ['short', 'default'], name: 'rq-test-worker' });
        await s.waitFor(jobs.done!.id, 'finished');
        await s.waitFor(jobs.flaky!.id, 'failed');
      });

      test('list, filtered by status and by queue, and one job by name', async () => {
        const failed = await list({
          filters: [['status', '=', 'failed']],
          fields: ['name', 'job_name', 'status', 'queue'],
        });
        assert.equal(failed.status, 200, JSON.stringify(failed.body));
        assert.deepEqual(failed.body.data, [
          {
            name: jobs.flaky!.id,
            job_name: 'jobs_test.tasks.flaky',
            status: 'failed',
            queue: 'default',
          },
        ]);
        const long = await list({ filters: { queue: 'long' }, fields: ['name', 'status'] });
        assert.deepEqual(long.body.data, [{ name: jobs.waiting!.id, status: 'queued' }]);
        const all = await list({ fields: ['name'], limit_page_length: 0 });
        assert.equal((all.body.data as unknown[]).length, 3);
        const one = await call(`${RQ_JOB}/${encodeURIComponent(jobs.flaky!.id)}`);
        assert.equal(one.status, 200);
        const doc = one.body.data as Record<string, unknown>;
        assert.equal(doc.job_id, jobs.flaky!.id);
        assert.equal(doc.status, 'failed');
        assert.match(String(doc.exc_info), /flaky run 1/);
        assert.deepEqual(JSON.parse(String(doc.arguments)).kwargs.succeed_on, 2);
        const missing = await call(`${RQ_JOB}/${encodeURIComponent(`${s.name}||nope`)}`);
        assert.equal(missing.status, 404);
        const count = await call(
          `/api/method/frappe.client.get_count?doctype=RQ%20Job&filters=${encodeURIComponent('{"status":"finished"}')}`,
        );
        assert.equal(count.body.message, 1);
      });

      test('get_job_status and is_job_enqueued over HTTP: by plain or namespaced id, only for who may see the job', async () => {
        const STATUS = '/api/method/frappe.utils.background_jobs.get_job_status';
        const ENQUEUED = '/api/method/frappe.utils.background_jobs.is_job_enqueued';
        const byId = (url: string, jobId: string) => `${url}?job_id=${encodeURIComponent(jobId)}`;
        assert.deepEqual((await call(byId(STATUS, jobs.done!.job_id))).body, {
          message: 'finished',
        });
        const posted = await call(STATUS, { method: 'POST', body: { job_id: jobs.flaky!.id } });
        assert.equal(posted.status, 200, JSON.stringify(posted.body));
        assert.deepEqual(posted.body, { message: 'failed' });
        assert.deepEqual((await call(byId(STATUS, jobs.waiting!.id))).body, { message: 'queued' });
        assert.deepEqual((await call(byId(ENQUEUED, jobs.waiting!.job_id))).body, {
          message: true,
        });
        assert.deepEqual((await call(byId(ENQUEUED, jobs.done!.job_id))).body, { message: false });
        // No such job: None, which Frappe answers with no `message` at all.
        assert.deepEqual((await call(byId(STATUS, 'no-such-job'))).body, {});
        // Another user's job is not theirs to see: the same answer as for a job that does not exist.
        const other = await call(byId(STATUS, jobs.done!.job_id), { user: 'nobody@example.com' });
        assert.equal(other.status, 200);
        assert.deepEqual(other.body, {});
        const guest = await call(byId(STATUS, jobs.done!.job_id), { user: 'Guest' });
        assert.equal(guest.status, 403);
        assert.equal(guest.body.exc_type, 'PermissionError');
        const missing = await call(STATUS);
        assert.equal(missing.status, 417, JSON.stringify(missing.body));
      });

      test('retry runs a failed job again; cancel takes a queued job off the queue', async () => {
        const retried = await call(`${MODULE}.retry_job`, {
          method: 'POST',
          body: { job_id: jobs.flaky!.id },
        });
        assert.equal(retried.status, 200, JSON.stringify(retried.body));
        await s.waitFor(jobs.flaky!.id, 'finished');
        assert.ok((await s.todos()).some((t) => t.description === 'retried by hand'));

        const canceled = await call(
          `${RQ_JOB}/${encodeURIComponent(jobs.waiting!.id)}?run_method=cancel`,
          { method: 'POST' },
        );
        assert.equal(canceled.status, 200, JSON.stringify(canceled.body));
        const after = await s.job(jobs.waiting!.id);
        assert.ok(after === undefined || after.status === 'canceled', after?.status);
        const again = await call(
          `${RQ_JOB}/${encodeURIComponent(jobs.done!.id)}?run_method=cancel`,
          {
            method: 'POST',
          },
        );
        assert.match(JSON.stringify(again.body), /finished state and can't be cancelled/);
      });

      test('RQ Worker lists the running worker', async () => {
        const workers = await call('/api/resource/RQ%20Worker?fields=["name","status"]');
        assert.equal(workers.status, 200, JSON.stringify(workers.body));
        assert.ok(
          (workers.body.data as { name: string }[]).some((w) => w.name === 'rq-test-worker'),
          JSON.stringify(workers.body.data),
        );
      });

      test('only System Managers see or change jobs', async () => {
        const user = 'nobody@example.com';
        assert.equal((await call(RQ_JOB, { user })).status, 403);
        assert.equal(
          (await call(`${RQ_JOB}/${encodeURIComponent(jobs.done!.id)}`, { user })).status,
          403,
        );
        assert.equal((await call('/api/resource/RQ%20Worker', { user })).status, 403);
        const retry = await call(`${MODULE}.retry_job`, {
          method: 'POST',
          user,
          body: { job_id: jobs.flaky!.id },
        });
        assert.equal(retry.status, 403);
        assert.equal((await call(RQ_JOB, { user: 'Guest' })).status, 403);
      });

      test('delete removes an ended job, for System Managers only', async () => {
        const url = `${RQ_JOB}/${encodeURIComponent(jobs.done!.id)}`;
        const refused = await app.inject({
          method: 'DELETE',
          url,
          headers: { [TEST_USER_HEADER]: 'nobody@example.com' },
        });
        assert.equal(refused.statusCode, 403);
        const deleted = await app.inject({
          method: 'DELETE',
          url,
          headers: { [TEST_USER_HEADER]: 'Administrator' },
        });
        assert.ok(deleted.statusCode < 300, deleted.body);
        assert.equal((await call(url)).status, 404);
        assert.equal(await s.job(jobs.done!.id), undefined);
      });
    });
