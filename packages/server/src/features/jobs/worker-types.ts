import type { JobIsolation } from './job-runner.js';

/** Options of one site's job worker. */
export interface JobWorkerOptions {
  /** Queues to take jobs from, in priority order (default: short, default, long). */
  readonly queues?: readonly string[];
  /** Jobs run at once (default: site config `background_workers`). */
  readonly concurrency?: number;
  /** Default: `thread` when `threadEntry` is given and the site lives in a folder, else `inline`. */
  readonly isolation?: JobIsolation;
  /** The job thread module (see `jobThreadEntry`); without it jobs run inline. */
  readonly threadEntry?: URL;
  /** Name shown on RQ Job / RQ Worker (default: host and pid). */
  readonly name?: string;
}

/** A running job worker. */
export interface JobWorker {
  readonly name: string;
  /** Looks for due jobs now instead of at the next poll. */
  kick(): void;
  /** Stops claiming, waits for the jobs in flight, stops the runner threads. */
  stop(): Promise<void>;
}
