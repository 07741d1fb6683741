import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Site } from '../../engine/site.js';
import { deliverRealtime } from '../../engine/runtime/realtime-hub.js';
import type { JobOutcome } from './finish-job.js';
import type { JobRow } from './job-table.js';
import { describeFailure, type RunRequest, type ThreadMessage } from './runner-protocol.js';
import { runJobTransaction } from './run-job-transaction.js';

/** Runs one claimed job and reports how it ended; never throws. */
export interface JobRunner {
  run(job: JobRow): Promise<JobOutcome>;
  close(): Promise<void>;
}

/**
 * How jobs run: `thread` — each in a worker thread with its own connection to
 * the site, terminated when the job exceeds its timeout (a real stop, even for
 * a job stuck in a loop); `inline` — in this thread, for sites that exist only
 * in memory (tests, embedding): a timed-out job is failed and its transaction
 * rolled back when it finally returns, but its code cannot be interrupted.
 */
export type JobIsolation = 'thread' | 'inline';

/** `thread` when there is a thread entry and the site can be opened again from its folder, else `inline`. */
export function defaultIsolation(site: Site, threadEntry: URL | undefined): JobIsolation {
  return threadEntry !== undefined && existsSync(join(site.path, 'site_config.json'))
    ? 'thread'
    : 'inline';
}

function timeoutOutcome(job: JobRow): JobOutcome {
  const message = `Job exceeded its timeout of ${Number(job.timeout)} s and was stopped`;
  return {
    ok: false,
    excType: 'JobTimeoutException',
    message,
    traceback: `JobTimeoutException: ${message}`,
  };
}

function requestOf(job: JobRow): RunRequest {
  return {
    method: job.method,
    payload: JSON.parse(job.payload) as RunRequest['payload'],
    user: job.user,
  };
}

/** The inline runner: the job's promise races its timeout; a late return is rolled back. */
export function createInlineRunner(site: Site): JobRunner {
  return {
    async run(job) {
      let timedOut = false;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<JobOutcome>((resolve) => {
        timer = setTimeout(
          () => {
            timedOut = true;
            resolve(timeoutOutcome(job));
          },
          Number(job.timeout) * 1000,
        );
      });
      const run = runJobTransaction(site, requestOf(job), {
        beforeCommit: () => {
          if (timedOut) throw new Error('timed out');
        },
      }).then(
        (result): JobOutcome => ({
          ok: true,
          result: JSON.parse(JSON.stringify(result ?? null)) as unknown,
        }),
        describeFailure,
      );
      try {
        return await Promise.race([run, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {},
  };
}

/** Starts the thread; under tsx (running the sources) it registers tsx first. */
function startThread(site: Site, entry: URL): Worker {
  const workerData = { sitesDir: dirname(site.path), siteName: site.name };
  if (!entry.href.endsWith('.ts')) return new Worker(entry, { workerData });
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(code, { eval: true, workerData });
}

/**
 * A thread per concurrent job, kept across jobs and replaced after a timeout
 * kill or a crash. `entry` is the thread's module (`src/job-thread.ts`): it
 * opens the site, which a feature may not import, so the process entry
 * points (serve, worker) hand it in.
 */
export function createThreadRunner(site: Site, entry: URL): JobRunner {
  const idle: Worker[] = [];
  const all = new Set<Worker>();

  function spawn(): Promise<Worker> {
    const thread = startThread(site, entry);
    all.add(thread);
    thread.on('message', (message: ThreadMessage) => {
      if (message.type === 'realtime') deliverRealtime(message.site, message.event);
    });
    thread.once('exit', () => all.delete(thread));
    // A thread that dies reports through 'exit'; an 'error' without a listener would crash this process.
    thread.on('error', () => {});
    return new Promise((resolve, reject) => {
      const onMessage = (message: ThreadMessage) => {
        if (message.type === 'ready') resolve(thread);
        else if (message.type === 'fatal') reject(new Error(message.message));
        else return;
        thread.off('message', onMessage);
      };
      thread.on('message', onMessage);
      thread.once('error', reject);
      thread.once('exit', (code) => reject(new Error(`job thread exited with code ${code}`)));
    });
  }

  return {
    async run(job) {
      let thread: Worker;
      try {
        thread = idle.pop() ?? (await spawn());
      } catch (error) {
        return describeFailure(error);
      }
      const outcome = await new Promise<JobOutcome>((resolve) => {
        const timer = setTimeout(
          () => {
            cleanup();
            void thread.terminate();
            resolve(timeoutOutcome(job));
          },
          Number(job.timeout) * 1000,
        );
        const onMessage = (message: ThreadMessage) => {
          if (message.type !== 'done') return;
          cleanup();
          idle.push(thread);
          resolve(message.outcome);
        };
        const onExit = (code: number) => {
          cleanup();
          resolve(describeFailure(new Error(`job thread exited with code ${code} during the job`)));
        };
        const cleanup = () => {
          clearTimeout(timer);
          thread.off('message', onMessage);
          thread.off('exit', onExit);
        };
        thread.on('message', onMessage);
        thread.on('exit', onExit);
        thread.postMessage(requestOf(job));
      });
      return outcome;
    },
    async close() {
      idle.length = 0;
      await Promise.all([...all].map((thread) => thread.terminate()));
    },
  };
}

/** The runner `isolation` asks for (default: threads when possible, so a timeout really stops the job). */
export function createRunner(
  site: Site,
  options: { readonly isolation?: JobIsolation; readonly threadEntry?: URL },
): JobRunner {
  const isolation = options.isolation ?? defaultIsolation(site, options.threadEntry);
  return isolation === 'thread' && options.threadEntry !== undefined
    ? createThreadRunner(site, options.threadEntry)
    : createInlineRunner(site);
}
