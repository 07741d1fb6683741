import type { SiteConfig } from '../../core/config/site-config.js';
import { PythonPool, type PythonPoolOptions } from '../../platform/sandbox/python-pool.js';

let pool: PythonPool | undefined;

/**
 * The process's sandbox pool, created on first use: a server whose sites
 * run no scripts never starts a Python worker. Its size and limits come
 * from the config of the site that first runs a script (they are bench-wide
 * keys, the same for every site).
 */
export function scriptPool(config: SiteConfig): PythonPool {
  pool ??= new PythonPool(poolOptions(config));
  return pool;
}

function poolOptions(config: SiteConfig): Partial<PythonPoolOptions> {
  const value = (key: string) => {
    const raw = (config as unknown as Record<string, unknown>)[key];
    return typeof raw === 'number' && Number.isFinite(raw) ? raw : undefined;
  };
  const size = value('server_script_workers');
  const timeout = value('server_script_timeout');
  const memory = value('server_script_memory_mb');
  return {
    ...(size === undefined ? {} : { size }),
    ...(timeout === undefined ? {} : { timeoutMs: timeout * 1000 }),
    ...(memory === undefined ? {} : { memoryCeilingBytes: memory * 1024 * 1024 }),
  };
}

/** Stops the pool's workers (server shutdown); a later script starts a new pool. */
export async function closeScriptPool(): Promise<void> {
  const current = pool;
  pool = undefined;
  await current?.close();
}
