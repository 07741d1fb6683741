import type { Context } from '../../engine/context.js';
import type { Doc } from '../../engine/doc.js';
import { keyOfUrl, siteStorage } from './site-storage.js';

/**
 * After a File row is deleted (or moved away from its bytes): removes the
 * stored bytes once the transaction commits, unless another File row still
 * points at the same URL (v16's rule, which also covers rows without a hash).
 */
export async function removeUnreferencedContent(
  ctx: Context,
  doc: Doc,
  url: unknown,
): Promise<void> {
  const key = keyOfUrl(url);
  if (key === null) return;
  const other = await ctx.uow.db
    .selectFrom('tabFile')
    .select('name')
    .where('file_url', '=', String(url))
    .where('name', '!=', String(doc.name))
    .executeTakeFirst();
  if (other !== undefined) return;
  const storage = await siteStorage(ctx.site);
  ctx.uow.afterCommit(() => storage.delete(key));
}
