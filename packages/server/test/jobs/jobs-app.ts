/**
 * The app the job tests install (`installed_apps` names this file's URL), so
 * worker threads and worker processes load the same job functions.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { DocTypeJson } from '@cortado/protocol';
import type { AppDefinition } from '../../src/engine/runtime/app-definition.js';
import { insertDoc, setValue } from '../../src/engine/document.js';
import {
  QueryDeadlockError,
  RetryBackgroundJobError,
  ValidationError,
} from '../../src/core/errors/index.js';
import { publishProgress, publishRealtime } from '../../src/features/realtime/index.js';

/** Appends `line` to `file` and answers how many lines it now has (counts runs across threads and processes). */
function record(file: string, line: string): number {
  appendFileSync(file, `${line}\n`);
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).length;
}

const app: AppDefinition = {
  name: 'jobs_test',
  version: '0.0.1',
  doctypes: [
    {
      doctype: 'DocType',
      name: 'Job Test Note',
      module: 'Jobs Test',
      autoname: 'hash',
      fields: [
        { fieldname: 'title', fieldtype: 'Data' },
        { fieldname: 'status', fieldtype: 'Data' },
      ],
      permissions: [{ role: 'System Manager', read: 1, write: 1, create: 1 }],
    } as DocTypeJson,
  ],
  controllers: {
    'Job Test Note': {
      methods: {
        /** Whitelisted document method that `enqueue_doc` runs: marks the note and says who ran it. */
        mark: async (doc, args, ctx) => {
          await setValue(ctx, 'Job Test Note', String(doc.name), {
            status: `${String(args.status)} by ${ctx.user}`,
          });
          return doc.title;
        },
      },
    },
  },
  methods: [
    {
      // publish_realtime with no target: the `all` room (System Users).
      path: 'jobs_test.api.broadcast',
      methods: ['POST'],
      handler: (args, ctx) => {
        publishRealtime(ctx, { event: 'broadcast', message: { text: args.text } });
        return true;
      },
    },
    {
      // Saves a ToDo, then fails: the request rolls back, so nothing may announce the save.
      path: 'jobs_test.api.save_then_fail',
      methods: ['POST'],
      handler: async (args, ctx) => {
        await setValue(ctx, 'ToDo', String(args.name), { description: String(args.description) });
        throw new ValidationError('failed after saving');
      },
    },
  ],
  jobs: {
    'jobs_test.tasks.add_todo': async (kwargs, ctx) => {
      if (typeof kwargs.log === 'string') record(kwargs.log, String(kwargs.description));
      const todo = await insertDoc(ctx, {
        doctype: 'ToDo',
        description: String(kwargs.description),
      });
      return { name: todo.name, user: ctx.user };
    },
    'jobs_test.tasks.fail': async (kwargs, ctx) => {
      await insertDoc(ctx, { doctype: 'ToDo', description: 'written-before-failure' });
      throw new ValidationError(`boom ${String(kwargs.tag ?? '')}`);
    },
    /** Fails until it has run `succeed_on` times. */
    'jobs_test.tasks.flaky': async (kwargs, ctx) => {
      const runs = record(String(kwargs.log), 'run');
      if (runs < Number(kwargs.succeed_on)) throw new Error(`flaky run ${runs}`);
      await insertDoc(ctx, { doctype: 'ToDo', description: String(kwargs.description) });
      return runs;
    },
    /**
     * Writes a ToDo, then fails with a transient error (RetryBackgroundJobError,
     * or with `deadlock` the database's QueryDeadlockError) until run `succeed_on`.
     */
    'jobs_test.tasks.transient': async (kwargs, ctx) => {
      const runs = record(String(kwargs.log), 'run');
      await insertDoc(ctx, {
        doctype: 'ToDo',
        description: `${String(kwargs.description)} ${runs}`,
      });
      if (runs >= Number(kwargs.succeed_on)) return runs;
      if (kwargs.deadlock === true)
        throw new QueryDeadlockError('Deadlock found; please try again');
      throw new RetryBackgroundJobError(`not yet (run ${runs})`);
    },
    /** Never yields: only terminating its thread stops it. */
    'jobs_test.tasks.spin': () => {
      for (;;) {
        /* busy */
      }
    },
    /** Waits, without using the CPU, until its timeout stops it. */
    'jobs_test.tasks.idle': async () => {
      await new Promise(() => {});
    },
    /** Hangs on its first run (the test kills the worker then); inserts a ToDo on a later run. */
    'jobs_test.tasks.hang_once': async (kwargs, ctx) => {
      const runs = record(String(kwargs.log), `run ${process.pid}`);
      if (runs === 1) await new Promise(() => {});
      await insertDoc(ctx, { doctype: 'ToDo', description: String(kwargs.description) });
      return runs;
    },
    /** Records its run and never ends: only killing its worker stops it. */
    'jobs_test.tasks.hang': async (kwargs) => {
      record(String(kwargs.log), `run ${process.pid}`);
      await new Promise(() => {});
    },
    'jobs_test.tasks.exists': (kwargs) => existsSync(String(kwargs.path)),
    /** Tells the enqueuing user, and the task's watchers, from wherever the job runs. */
    'jobs_test.tasks.notify': (kwargs, ctx) => {
      publishRealtime(ctx, { event: 'job_note', message: { text: kwargs.text }, user: ctx.user });
      publishProgress(ctx, { percent: 50, title: 'Halfway', task_id: String(kwargs.task_id) });
      return true;
    },
    'jobs_test.tasks.tick': async (_kwargs, ctx) => {
      await insertDoc(ctx, { doctype: 'ToDo', description: 'scheduled tick' });
    },
    'jobs_test.tasks.rollup': () => {
      throw new Error('rollup failed');
    },
  },
  schedulerEvents: {
    daily_long: ['jobs_test.tasks.rollup'],
    cron: {
      '* * * * * *': ['jobs_test.tasks.tick'],
      '*/15 * * * *': ['jobs_test.tasks.poll'],
    },
  },
};

export default app;
