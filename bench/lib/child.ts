import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FromChild, ToChild } from './child-protocol.js';

/** A server process run.ts drives. */
export interface ServerChild {
  readonly url: string;
  /** The child's process id (a cluster's primary). */
  readonly pid: number;
  /** RSS at start-up, before any request. */
  readonly startRss: number;
  rss(): Promise<{ rss: number; peak: number }>;
  stop(): Promise<void>;
}

function nextMessage(child: ChildProcess, type: FromChild['type']): Promise<FromChild> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: FromChild) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message);
    };
    const onExit = (code: number | null) =>
      reject(new Error(`server process exited (${code}) before '${type}'`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/**
 * How a server process loads Cortado: from the compiled `dist/` (what
 * `cortado serve` runs; the default), or from the TypeScript sources
 * through tsx with `BENCH_FROM_SOURCES=1`. tsx compiles the bench's own
 * files either way.
 */
export function serverExecArgv(): string[] {
  const built = fileURLToPath(new URL('./use-built-modules.mjs', import.meta.url));
  return process.env['BENCH_FROM_SOURCES'] === '1'
    ? ['--import', 'tsx']
    : ['--import', 'tsx', '--import', built];
}

/** Forks `script` (see `serverExecArgv`, plus `execArgv`, e.g. `--cpu-prof`) and waits until it listens. */
export async function startChild(
  script: string,
  args: readonly string[],
  options: { readonly env?: NodeJS.ProcessEnv; readonly execArgv?: readonly string[] } = {},
): Promise<ServerChild> {
  const child = fork(script, args, {
    execArgv: [...serverExecArgv(), ...(options.execArgv ?? [])],
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await nextMessage(child, 'ready');
  if (ready.type !== 'ready') throw new Error('unreachable');
  const ask = (message: ToChild) => child.send(message);
  return {
    url: ready.url,
    pid: child.pid ?? 0,
    startRss: ready.rss,
    async rss() {
      const answer = nextMessage(child, 'rss');
      ask({ type: 'rss' });
      const message = await answer;
      return message.type === 'rss'
        ? { rss: message.rss, peak: message.peak }
        : { rss: 0, peak: 0 };
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      ask({ type: 'stop' });
      await exited;
    },
  };
}
