import { setTimeout as sleep } from 'node:timers/promises';
import type BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, type DatabaseConnection } from '../kysely.js';

/** The longest pause between two attempts; short, so a freed lock is taken soon after. */
const MAX_PAUSE_MS = 20;

function isBusy(error: unknown): boolean {
  const code: unknown = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/**
 * `begin immediate` that waits for another connection's write lock (a job
 * thread, `cortado worker`, a script) without blocking the event loop.
 * SQLite's own busy handler sleeps inside the call, so while one request
 * waited for the lock the whole process stood still: no socket was read, no
 * answer written, no timer fired. Here the busy handler is off for this one
 * statement and the attempt is repeated after a pause (1, 2, 4 … 20 ms) until
 * `timeoutMs` has passed; the last SQLITE_BUSY is thrown as before. Every
 * other statement keeps the connection's busy timeout.
 *
 * @internal
 */
export function createWriteLockBegin(
  database: BetterSqlite3.Database,
  timeoutMs: number,
): (connection: DatabaseConnection) => Promise<void> {
  // A busy_timeout pragma takes effect when it is prepared, so it cannot be a cached statement.
  const restore = `busy_timeout = ${Math.trunc(timeoutMs)}`;
  const begin = CompiledQuery.raw('begin immediate');
  return async (connection) => {
    const deadline = Date.now() + timeoutMs;
    for (let pause = 1; ; pause = Math.min(pause * 2, MAX_PAUSE_MS)) {
      database.pragma('busy_timeout = 0');
      try {
        await connection.executeQuery(begin);
        return;
      } catch (error) {
        if (!isBusy(error) || Date.now() >= deadline) throw error;
      } finally {
        database.pragma(restore);
      }
      await sleep(pause);
    }
  };
}
