import { rm, rename } from 'node:fs/promises';
import Database from 'better-sqlite3';
import { BackupError } from '../../../core/errors/index.js';

/**
 * Copies a live SQLite database with SQLite's online backup API: a
 * consistent snapshot while other connections keep writing (WAL). The API
 * starts over whenever another connection writes between two steps, so
 * under steady writes small steps never finish; after the first step the
 * rest is copied in one step, which reads one snapshot and cannot be
 * interrupted (in WAL mode writers go on meanwhile).
 */
export async function dumpSqlite(file: string, target: string): Promise<void> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    await db.backup(target, { progress: ({ totalPages }) => Math.max(totalPages, 100) });
  } finally {
    db.close();
  }
}

/**
 * Puts a backed-up database file in place of `file`: checked first
 * (`PRAGMA integrity_check`), then renamed over it, so the site has either
 * its old database or the whole new one. The old WAL and shared-memory files
 * go first: SQLite would otherwise replay them onto the new file.
 */
export async function restoreSqlite(source: string, file: string): Promise<void> {
  assertIntact(source);
  await rm(`${file}-wal`, { force: true });
  await rm(`${file}-shm`, { force: true });
  await rename(source, file);
}

function assertIntact(source: string): void {
  let verdict: string;
  try {
    const db = new Database(source, { readonly: true, fileMustExist: true });
    try {
      verdict = String(db.pragma('integrity_check', { simple: true }));
    } finally {
      db.close();
    }
  } catch (error) {
    throw new BackupError(
      `The backed-up database is not a readable SQLite file: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  if (verdict !== 'ok')
    throw new BackupError(`The backed-up database fails SQLite's integrity check: ${verdict}`);
}
