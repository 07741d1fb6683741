import { escapeHtml } from '../../core/escape-html.js';
import { addComment } from '../../engine/runtime/base-doc-methods.js';
import type { Context } from '../../engine/context.js';
import type { Doc } from '../../engine/doc.js';

const LOCK_ICON = ' <i class="fa fa-lock text-warning"></i>';

/** The attached document's timeline gets `Attachment`: a link to the new file, a lock when private. */
export async function commentAttachmentAdded(ctx: Context, file: Doc): Promise<void> {
  const url = typeof file.file_url === 'string' ? file.file_url : '';
  const label = escapeHtml(String(file.file_name ?? url));
  const icon = Number(file.is_private) === 1 ? LOCK_ICON : '';
  const link = `<a href='${quoteUrl(url || label)}' target='_blank'>${label}</a>${icon}`;
  await commentOnAttachedDoc(ctx, file, 'Attachment', `Added ${link}`);
}

/** The attached document's timeline gets `Attachment Removed` with the file's name. */
export async function commentAttachmentRemoved(ctx: Context, file: Doc): Promise<void> {
  const label = escapeHtml(String(file.file_name ?? file.file_url ?? ''));
  await commentOnAttachedDoc(ctx, file, 'Attachment Removed', `Removed ${label}`);
}

/**
 * Only for files attached to a document that still exists: when a document is
 * deleted its attachments go with it, and a comment on it would be an orphan.
 */
async function commentOnAttachedDoc(
  ctx: Context,
  file: Doc,
  commentType: string,
  text: string,
): Promise<void> {
  const doctype = file.attached_to_doctype;
  const name = file.attached_to_name;
  if (Number(file.is_folder) === 1 || typeof doctype !== 'string' || !name) return;
  if (!ctx.site.meta.has(doctype) || !(await exists(ctx, doctype, String(name)))) return;
  const target: Doc = { doctype, name: String(name) };
  await addComment(target, { comment_type: commentType, text }, ctx);
}

async function exists(ctx: Context, doctype: string, name: string): Promise<boolean> {
  const meta = ctx.site.meta.getMeta(doctype);
  if (meta.issingle || meta.is_virtual) return false;
  const row = await ctx.uow.db
    .selectFrom(meta.tableName)
    .select('name')
    .where('name', '=', name)
    .executeTakeFirst();
  return row !== undefined;
}

/** Percent-encodes a URL for a single-quoted attribute, keeping `/` and `:` as they are. */
function quoteUrl(url: string): string {
  return encodeURIComponent(url)
    .replace(/%2F/gi, '/')
    .replace(/%3A/gi, ':')
    .replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}
