import { rm } from 'node:fs/promises';

/** Removes the database file and its WAL companions. @internal */
export async function sqliteDropDatabase(file: string): Promise<void> {
  await Promise.all(['', '-wal', '-shm'].map((suffix) => rm(file + suffix, { force: true })));
}
