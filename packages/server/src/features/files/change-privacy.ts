import type { Context } from '../../engine/context.js';
import type { Doc } from '../../engine/doc.js';
import { freeKey } from './free-key.js';
import { removeUnreferencedContent } from './remove-content.js';
import { areaOf, keyOfUrl, siteStorage, urlOf } from './site-storage.js';

/**
 * `is_private` flipped on a stored file (docs/spec/files.md §8): the bytes are copied
 * to the other area under a free name and the URL rewritten; the old bytes
 * go after the commit unless another row still uses them (v16 copies rather
 * than moving shared bytes). Remote files only change the flag.
 */
export async function changePrivacy(ctx: Context, doc: Doc, before: Doc): Promise<void> {
  doc.is_private = Number(doc.is_private) === 1 ? 1 : 0;
  if (doc.is_private === Number(before.is_private)) return;
  const from = keyOfUrl(before.file_url);
  if (from === null || doc.file_url !== before.file_url) return;
  const storage = await siteStorage(ctx.site);
  const to = await freeKey(ctx, storage, areaOf(doc.is_private), from.name, null);
  await storage.copy(from, to);
  ctx.uow.afterRollback(() => storage.delete(to));
  doc.file_url = urlOf(to);
  await removeUnreferencedContent(ctx, doc, before.file_url);
}
