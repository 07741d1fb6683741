import { createHash } from 'node:crypto';
import type { Context } from '../../engine/context.js';
import type { Doc } from '../../engine/doc.js';
import type { FileStorage, StorageKey } from '../../platform/storage/file-storage.js';
import { freeKey } from './free-key.js';
import type { StagedContent } from './staged-content.js';
import { areaOf, keyOfUrl, siteStorage, urlOf } from './site-storage.js';

/**
 * Puts staged bytes where the File's `file_url` will point (docs/spec/files.md §5):
 * with dedupe on, identical content of the same privacy reuses the URL of an
 * existing File whose stored bytes are really the same (SHA-256 compared, not
 * only MD5); otherwise the file name, or the name with the last six hex of
 * the MD5, or with six random hex, whichever is free. New bytes are removed
 * again when the transaction rolls back.
 */
export async function storeContent(
  ctx: Context,
  doc: Doc,
  staged: StagedContent,
  deduplicate: boolean,
): Promise<{ readonly url: string; readonly reused: boolean }> {
  const storage = await siteStorage(ctx.site);
  const area = areaOf(doc.is_private);
  if (deduplicate) {
    const existing = await findIdentical(ctx, storage, staged, area);
    if (existing !== null) return { url: existing, reused: true };
  }
  const key = await freeKey(ctx, storage, area, String(doc.file_name), staged.md5);
  await storage.put(key, staged.open());
  ctx.uow.afterRollback(() => storage.delete(key));
  return { url: urlOf(key), reused: false };
}

async function findIdentical(
  ctx: Context,
  storage: FileStorage,
  staged: StagedContent,
  area: 'public' | 'private',
): Promise<string | null> {
  const rows = await ctx.uow.db
    .selectFrom('tabFile')
    .select(['file_url'])
    .where('content_hash', '=', staged.md5)
    .where('is_private', '=', area === 'private' ? 1 : 0)
    .where('is_folder', '=', 0)
    .execute();
  for (const url of new Set(rows.map((row) => row.file_url as unknown))) {
    const key = keyOfUrl(url);
    if (key === null || key.area !== area) continue;
    const stored = await storage.stat(key);
    if (stored?.size !== staged.size) continue;
    if ((await sha256Of(storage, key)) === staged.sha256) return urlOf(key);
  }
  return null;
}

async function sha256Of(storage: FileStorage, key: StorageKey): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of await storage.read(key)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
