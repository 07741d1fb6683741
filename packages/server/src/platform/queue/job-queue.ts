/** One job as a consumer receives it. */
export interface Job<T> {
  readonly id: string;
  readonly data: T;
}

/**
 * A named queue of jobs: the in-process adapter for one machine, BullMQ on
 * Redis (`redis_queue`) for many. Adding a job whose id is already waiting is
 * a no-op, so producers may repeat themselves.
 */
export interface JobQueue<T> {
  add(id: string, data: T): Promise<void>;
  /** Starts consuming with up to `concurrency` jobs at once. A failing handler does not stop the consumer. */
  process(
    handler: (job: Job<T>) => Promise<void>,
    options?: { readonly concurrency?: number },
  ): void;
  /** Stops consuming and waits for running handlers. */
  close(): Promise<void>;
}
