import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FileArea, FileStorage, StorageKey } from '../file-storage.js';

/**
 * Files on the local disk as Frappe lays them out: `<site>/public/files/<name>`
 * and `<site>/private/files/<name>`. Writes go to a hidden temporary file in
 * the same directory, are flushed, then renamed over the name, so a reader
 * never sees half an object and a crash leaves only a `.` file a sweep removes.
 */
export function createLocalStorage(sitePath: string): FileStorage {
  const dirOf = (area: FileArea) => join(sitePath, area, 'files');
  const pathOf = (key: StorageKey) => join(dirOf(key.area), key.name);
  return {
    async put(key, body) {
      await mkdir(dirOf(key.area), { recursive: true });
      const temporary = join(dirOf(key.area), `.${randomBytes(8).toString('hex')}.part`);
      try {
        await pipeline(body, createWriteStream(temporary, { flags: 'wx' }));
        await flush(temporary);
        await rename(temporary, pathOf(key));
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
    },
    async stat(key) {
      try {
        const info = await stat(pathOf(key));
        return info.isFile() ? { size: info.size, modifiedMs: info.mtimeMs } : null;
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },
    async read(key, range) {
      const stream = createReadStream(pathOf(key), range ?? {});
      await new Promise<void>((resolve, reject) => {
        stream.once('open', () => resolve());
        stream.once('error', reject);
      });
      return stream as Readable;
    },
    async copy(from, to) {
      await mkdir(dirOf(to.area), { recursive: true });
      await copyFile(pathOf(from), pathOf(to));
      await flush(pathOf(to));
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
    async sweepIncomplete(olderThanMs, now) {
      let removed = 0;
      for (const area of ['public', 'private'] as const) {
        const names = await readdir(dirOf(area)).catch(() => [] as string[]);
        for (const name of names.filter((n) => n.startsWith('.') && n.endsWith('.part'))) {
          const info = await stat(join(dirOf(area), name)).catch(() => null);
          if (info === null || now - info.mtimeMs < olderThanMs) continue;
          await rm(join(dirOf(area), name), { force: true });
          removed++;
        }
      }
      return removed;
    },
    async list(area) {
      try {
        const names = await readdir(dirOf(area));
        return names.filter((name) => !name.startsWith('.'));
      } catch (error) {
        if (isMissing(error)) return [];
        throw error;
      }
    },
  };
}

async function flush(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}
