import { randomBytes } from 'node:crypto';
import { extname } from 'node:path';
import type { Context } from '../../engine/context.js';
import type { FileArea, FileStorage, StorageKey } from '../../platform/storage/file-storage.js';
import { storageKey } from '../../platform/storage/file-storage.js';
import { urlOf } from './site-storage.js';

/**
 * Frappe's collision naming (docs/spec/files.md §5): the file name if free, else the
 * stem with the last six hex of the MD5, else with six random hex until free.
 * Free means no stored object and no File row with that URL.
 */
export async function freeKey(
  ctx: Context,
  storage: FileStorage,
  area: FileArea,
  fileName: string,
  md5: string | null,
): Promise<StorageKey> {
  const ext = extname(fileName);
  const stem = fileName.slice(0, fileName.length - ext.length);
  const candidates = md5 === null ? [fileName] : [fileName, `${stem}${md5.slice(-6)}${ext}`];
  for (let attempt = 0; ; attempt++) {
    const name = candidates[attempt] ?? `${stem}${randomBytes(3).toString('hex')}${ext}`;
    const key = storageKey(area, name);
    if (key !== null && !(await isTaken(ctx, storage, key))) return key;
    if (attempt > 100) throw new Error(`no free name for ${fileName}`);
  }
}

async function isTaken(ctx: Context, storage: FileStorage, key: StorageKey): Promise<boolean> {
  if ((await storage.stat(key)) !== null) return true;
  const row = await ctx.uow.db
    .selectFrom('tabFile')
    .select('name')
    .where('file_url', '=', urlOf(key))
    .executeTakeFirst();
  return row !== undefined;
}
