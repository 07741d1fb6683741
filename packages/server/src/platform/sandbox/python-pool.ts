import { PythonProcess, type PythonProcessLimits } from './python-process.js';
import type { BridgeHandler, ScriptOutcome, ScriptRunRequest } from './script-run.js';

/** Size and limits of a sandbox pool. */
export interface PythonPoolOptions extends PythonProcessLimits {
  /** Workers kept warm. */
  readonly size: number;
}

/** Defaults: two warm workers, 5 s of CPU and 256 MB of heap per script. */
export const DEFAULT_POOL_OPTIONS: PythonPoolOptions = {
  size: 2,
  timeoutMs: 5000,
  memoryCeilingBytes: 256 * 1024 * 1024,
};

/**
 * A pool of sandbox workers. Nothing starts until the first script runs
 * (a site without scripts pays nothing); then `size` workers are kept warm.
 * A worker killed for an overrun is replaced at once, so the next caller
 * does not wait for a fresh interpreter when a spare is ready.
 */
export class PythonPool {
  private readonly options: PythonPoolOptions;
  private readonly idle: PythonProcess[] = [];
  private readonly waiting: {
    resolve: (worker: PythonProcess) => void;
    reject: (error: unknown) => void;
  }[] = [];
  private readonly all = new Set<PythonProcess>();
  private starting = 0;
  private readonly startups = new Set<Promise<unknown>>();
  private closed = false;

  constructor(options: Partial<PythonPoolOptions> = {}) {
    this.options = { ...DEFAULT_POOL_OPTIONS, ...options };
  }

  /** Runs `request` on a free worker, answering its bridge calls with `bridge`. */
  async run(request: ScriptRunRequest, bridge: BridgeHandler): Promise<ScriptOutcome> {
    const worker = await this.acquire();
    try {
      return await worker.run(request, bridge);
    } finally {
      this.release(worker);
    }
  }

  /** The policy violations of `script`; empty when it compiles and obeys the policy. */
  async check(script: string): Promise<string[]> {
    const worker = await this.acquire();
    try {
      return await worker.check(script);
    } finally {
      this.release(worker);
    }
  }

  /** Starts the warm workers now instead of on the first script. */
  async warm(): Promise<void> {
    this.fill();
    await Promise.all([...this.startups]);
    if (this.all.size === 0) throw new Error('no sandbox worker could start');
  }

  /** Worker counts, and their process ids (for tests and the bench). */
  stats(): { live: number; idle: number; starting: number; pids: number[] } {
    const pids = [...this.all].flatMap((worker) => (worker.pid === undefined ? [] : [worker.pid]));
    return { live: this.all.size, idle: this.idle.length, starting: this.starting, pids };
  }

  /** Stops every worker; later runs fail. */
  async close(): Promise<void> {
    this.closed = true;
    const workers = [...this.all];
    for (const worker of workers) worker.kill();
    this.all.clear();
    this.idle.length = 0;
    for (const waiter of this.waiting.splice(0))
      waiter.reject(new Error('the sandbox pool is closed'));
    await Promise.all(workers.map((worker) => worker.ended()));
    await Promise.allSettled([...this.startups]);
  }

  private acquire(): Promise<PythonProcess> {
    if (this.closed) return Promise.reject(new Error('the sandbox pool is closed'));
    this.fill();
    const worker = this.idle.pop();
    if (worker !== undefined) return Promise.resolve(worker);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private release(worker: PythonProcess): void {
    if (!worker.alive) {
      this.all.delete(worker);
      this.fill();
      return;
    }
    this.handOut(worker);
  }

  private handOut(worker: PythonProcess): void {
    const next = this.waiting.shift();
    if (next !== undefined) next.resolve(worker);
    else this.idle.push(worker);
  }

  /** Starts workers until `size` are live or starting. */
  private fill(): void {
    while (!this.closed && this.all.size + this.starting < this.options.size) {
      this.starting += 1;
      const startup = PythonProcess.start(this.options).then(
        async (worker) => {
          this.starting -= 1;
          if (this.closed) {
            worker.kill();
            return worker.ended();
          }
          this.all.add(worker);
          this.handOut(worker);
        },
        (error: unknown) => {
          // A worker that cannot start fails the caller waiting longest; the
          // next acquire tries again.
          this.starting -= 1;
          this.waiting.shift()?.reject(error);
        },
      );
      this.startups.add(startup);
      void startup.finally(() => this.startups.delete(startup));
    }
  }
}
