import { AttachmentLimitReached } from '../../core/errors/index.js';
import type { Context } from '../../engine/context.js';
import type { Doc } from '../../engine/doc.js';

/**
 * A DocType's `max_attachments` (> 0) caps the Files attached to one of its
 * documents; the next one is refused before any bytes are stored (docs/spec/files.md §5).
 */
export async function checkAttachmentLimit(ctx: Context, doc: Doc): Promise<void> {
  const doctype = doc.attached_to_doctype;
  const name = doc.attached_to_name;
  if (Number(doc.is_folder) === 1 || typeof doctype !== 'string' || !name) return;
  if (!ctx.site.meta.has(doctype)) return;
  const limit = ctx.site.meta.getMeta(doctype).max_attachments ?? 0;
  if (limit <= 0) return;
  const row = await ctx.uow.db
    .selectFrom('tabFile')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where('attached_to_doctype', '=', doctype)
    .where('attached_to_name', '=', String(name))
    .executeTakeFirst();
  if (Number(row?.count ?? 0) >= limit) {
    throw new AttachmentLimitReached(
      `Maximum Attachment Limit of <b>${limit}</b> has been reached for ${doctype} ${String(name)}.`,
    );
  }
}
