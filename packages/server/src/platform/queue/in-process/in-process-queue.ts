import type { Job, JobQueue } from '../job-queue.js';

/**
 * A JobQueue inside this process: jobs live in memory and are lost on exit,
 * so callers keep the durable state elsewhere (e.g. an outbox table) and use
 * the queue only to start work promptly.
 */
export function createInProcessQueue<T>(): JobQueue<T> {
  const waiting = new Map<string, Job<T>>();
  const running = new Set<Promise<void>>();
  let handler: ((job: Job<T>) => Promise<void>) | undefined;
  let concurrency = 1;
  let closed = false;

  function pump(): void {
    while (handler && !closed && running.size < concurrency && waiting.size > 0) {
      const [id, job] = waiting.entries().next().value as [string, Job<T>];
      waiting.delete(id);
      const run = handler(job)
        .catch(() => {})
        .finally(() => {
          running.delete(run);
          pump();
        });
      running.add(run);
    }
  }

  return {
    async add(id, data) {
      if (closed || waiting.has(id)) return;
      waiting.set(id, { id, data });
      queueMicrotask(pump);
    },
    process(next, options = {}) {
      handler = next;
      concurrency = Math.max(1, options.concurrency ?? 1);
      pump();
    },
    async close() {
      closed = true;
      waiting.clear();
      await Promise.allSettled([...running]);
    },
  };
}
