import { PythonPool, type PythonPoolOptions } from '../../platform/sandbox/python-pool.js';

let pool: PythonPool | undefined;
let options: Partial<PythonPoolOptions> = {};

/**
 * The process's sandbox pool, created on first use: a server whose sites
 * run no scripts never starts a Python worker.
 */
export function scriptPool(): PythonPool {
  pool ??= new PythonPool(options);
  return pool;
}

/** Sets the size and limits of the pool created next (config, tests and the bench). */
export function configureScriptPool(next: Partial<PythonPoolOptions>): void {
  options = next;
}

/** Stops the pool's workers (server shutdown); a later script starts a new pool. */
export async function closeScriptPool(): Promise<void> {
  const current = pool;
  pool = undefined;
  await current?.close();
}
