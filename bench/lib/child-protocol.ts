/** Messages between `run.ts` and the server processes it spawns (over the IPC channel). */
export type ToChild = { readonly type: 'rss' } | { readonly type: 'stop' };

export type FromChild =
  | { readonly type: 'ready'; readonly url: string; readonly rss: number }
  | { readonly type: 'rss'; readonly rss: number; readonly peak: number };

/** Tracks the process's RSS now and at its highest, sampled often enough to catch load peaks. */
export function answerRssQueries(onStop: () => Promise<void>): void {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 50);
  timer.unref();
  process.on('message', (message: ToChild) => {
    if (message.type === 'rss') {
      const rss = process.memoryUsage.rss();
      peak = Math.max(peak, rss);
      send({ type: 'rss', rss, peak });
    } else if (message.type === 'stop') {
      void onStop().finally(() => process.exit(0));
    }
  });
}

export function send(message: FromChild): void {
  process.send?.(message);
}
