import type { Context } from '../../engine/context.js';
import type { Doc } from '../../engine/doc.js';
import { loadDoc } from '../../engine/store/doc-store.js';
import { hasPermission } from '../../engine/permissions/index.js';

/**
 * Frappe's rule for a private URL (docs/spec/files.md §9.2): the File rows whose
 * `file_url` is `url` (only the row `fid` when given) are the candidates, and
 * the URL is readable when the user may read any one of them. Returns that
 * row, or null. Guests never read private files.
 */
export async function readableFileRow(
  ctx: Context,
  url: string,
  fid?: string,
): Promise<Doc | null> {
  let query = ctx.uow.db.selectFrom('tabFile').select('name').where('file_url', '=', url);
  if (fid !== undefined) query = query.where('name', '=', fid);
  const meta = ctx.site.meta.getMeta('File');
  for (const { name } of await query.orderBy('creation').execute()) {
    const row = await loadDoc(ctx, meta, String(name));
    if (row === null) continue;
    if (Number(row.is_private) === 1 && ctx.user === 'Guest') continue;
    if (await hasPermission(ctx, 'File', 'read', row)) return row;
  }
  return null;
}

/** Whether the user may read the stored file behind `url`. */
export async function canReadFileUrl(ctx: Context, url: string): Promise<boolean> {
  return (await readableFileRow(ctx, url)) !== null;
}
