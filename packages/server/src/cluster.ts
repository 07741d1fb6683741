import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import { serveClusterMetrics } from './platform/metrics/cluster-metrics.js';

/** What the primary process of a cluster reports. */
export type ClusterEvent =
  | { readonly type: 'listening'; readonly pid: number; readonly url: string }
  | {
      readonly type: 'exit';
      readonly pid: number;
      readonly code: number | null;
      readonly signal: string | null;
    }
  | { readonly type: 'replacing'; readonly pid: number; readonly delayMs: number }
  | { readonly type: 'reload'; readonly phase: 'start' | 'done' }
  | { readonly type: 'stopped' };

/** How to run the primary process of `cortado serve --processes N`. */
export interface ClusterOptions {
  /** Worker processes to keep running (at least 1). */
  readonly processes: number;
  /** Host the workers listen on, for the URL in `listening` events. */
  readonly host: string;
  readonly onEvent?: (event: ClusterEvent) => void;
  /** Node options of the workers (default: the primary's). */
  readonly execArgv?: readonly string[];
  /** SIGHUP reloads, SIGTERM/SIGINT stop (default true; tests turn it off). */
  readonly handleSignals?: boolean;
}

/** The primary process of a running cluster. */
export interface ClusterPrimary {
  /** Pids of the workers currently serving or starting. */
  pids(): number[];
  /** Replaces every worker, one at a time: the new one listens before the old one stops. */
  reload(): Promise<void>;
  /** Stops every worker gracefully (SIGTERM: in-flight requests finish) and waits for them. */
  stop(): Promise<void>;
}

/** A worker that dies this soon after it started is crash-looping: its replacement waits. */
const EARLY_DEATH_MS = 5_000;
const MAX_RESTART_DELAY_MS = 10_000;
/** A worker that does not exit this long after SIGTERM is killed. */
const STOP_GRACE_MS = 30_000;

/**
 * `serve --processes N` without a number: one process per core in production,
 * one in development (`developer_mode`), as gunicorn is set up per bench.
 */
export function defaultProcessCount(developerMode: boolean): number {
  return developerMode ? 1 : availableParallelism();
}

/** True in a process that `startCluster` forked: it serves instead of forking. */
export function isClusterWorker(): boolean {
  return cluster.isWorker;
}

/**
 * Runs the primary of a `node:cluster` of HTTP workers: forks `processes`
 * copies of this program (each one, seeing `isClusterWorker()`, starts its
 * server on the shared port), replaces a worker that dies, reloads them one
 * by one on SIGHUP and stops them on SIGTERM/SIGINT. The primary holds no
 * site state: sessions, caches and queues live in the database or Redis.
 *
 * @example
 * if (isClusterWorker()) await startServer(options);
 * else startCluster({ processes: 4, host: '127.0.0.1' });
 */
export function startCluster(options: ClusterOptions): ClusterPrimary {
  const emit = options.onEvent ?? (() => {});
  const started = new Map<number, number>(); // worker id → start time
  const retiring = new Set<number>(); // worker ids stopped on purpose
  let stopping = false;
  let restartDelay = 0;
  if (options.execArgv !== undefined) cluster.setupPrimary({ execArgv: [...options.execArgv] });
  // Any worker's /metrics asks the primary for the whole cluster's figures.
  const stopServingMetrics = serveClusterMetrics();

  function fork(): Worker {
    const worker = cluster.fork();
    started.set(worker.id, Date.now());
    worker.on('listening', (address) => {
      restartDelay = 0;
      emit({
        type: 'listening',
        pid: worker.process.pid ?? 0,
        url: urlOf(options.host, address.port),
      });
    });
    worker.on('exit', (code, signal) => onExit(worker, code, signal));
    return worker;
  }

  function onExit(worker: Worker, code: number | null, signal: string | null): void {
    const pid = worker.process.pid ?? 0;
    const lived = Date.now() - (started.get(worker.id) ?? 0);
    started.delete(worker.id);
    emit({ type: 'exit', pid, code, signal });
    if (stopping || retiring.delete(worker.id)) return;
    // A worker that keeps dying at start-up (bad config, database down) is
    // retried with a growing delay instead of in a tight loop.
    restartDelay =
      lived < EARLY_DEATH_MS ? Math.min(MAX_RESTART_DELAY_MS, restartDelay * 2 || 250) : 0;
    emit({ type: 'replacing', pid, delayMs: restartDelay });
    setTimeout(() => {
      if (!stopping) fork();
    }, restartDelay).unref();
  }

  async function replace(old: Worker): Promise<void> {
    const next = fork();
    const up = await Promise.race([
      new Promise<boolean>((resolve) => next.once('listening', () => resolve(true))),
      new Promise<boolean>((resolve) => next.once('exit', () => resolve(false))),
    ]);
    // A new worker that cannot start leaves the old one serving.
    if (up) await retire(old);
  }

  function retire(worker: Worker): Promise<void> {
    retiring.add(worker.id);
    return stopWorker(worker);
  }

  let reloading: Promise<void> | undefined;
  async function reload(): Promise<void> {
    emit({ type: 'reload', phase: 'start' });
    for (const worker of liveWorkers()) if (!stopping) await replace(worker);
    emit({ type: 'reload', phase: 'done' });
  }

  let stopped: Promise<void> | undefined;
  const primary: ClusterPrimary = {
    pids: () => liveWorkers().map((worker) => worker.process.pid ?? 0),
    reload: () => (reloading ??= reload().finally(() => (reloading = undefined))),
    stop: () =>
      (stopped ??= (async () => {
        stopping = true;
        await Promise.all(liveWorkers().map(stopWorker));
        stopServingMetrics();
        emit({ type: 'stopped' });
      })()),
  };

  for (let i = 0; i < Math.max(1, options.processes); i++) fork();
  if (options.handleSignals !== false) handlePrimarySignals(primary);
  return primary;
}

function liveWorkers(): Worker[] {
  return Object.values(cluster.workers ?? {}).filter(
    (worker): worker is Worker => worker !== undefined && !worker.isDead(),
  );
}

/** SIGTERM lets the worker finish its in-flight requests (see `startServer`); SIGKILL after the grace period. */
function stopWorker(worker: Worker): Promise<void> {
  if (worker.isDead()) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => worker.process.kill('SIGKILL'), STOP_GRACE_MS);
    worker.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    worker.process.kill('SIGTERM');
  });
}

function handlePrimarySignals(primary: ClusterPrimary): void {
  process.on('SIGHUP', () => void primary.reload());
  for (const signal of ['SIGTERM', 'SIGINT'] as const)
    process.once(signal, () => void primary.stop().then(() => process.exit(0)));
}

function urlOf(host: string, port: number): string {
  const shown = host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}
