import { FrappeError } from '../../core/errors/index.js';
import type { DocHook } from '../../engine/runtime/app-definition.js';
import type { Context } from '../../engine/context.js';
import type { Doc } from '../../engine/doc.js';
import { deleteDoc, insertDoc, updateDoc } from '../../engine/document.js';
import { ATTACHMENTS_FOLDER } from './folders.js';
import { isLocalUrl } from './site-storage.js';

const ATTACH_TYPES = new Set(['Attach', 'Attach Image']);

function trusted(ctx: Context): Context {
  return { ...ctx, flags: { ...ctx.flags, ignorePermissions: true } };
}

/**
 * `doc_events` for every DocType (`*`): a deleted document takes its
 * attachments with it (docs/spec/files.md §11), and Attach fields are linked to File
 * rows on save (§12).
 */
export const ATTACHMENT_EVENTS: Readonly<Record<string, DocHook>> = {
  after_delete: deleteAttachments,
  on_update: linkAttachFields,
};

async function deleteAttachments(doc: Doc, { ctx }: { ctx: Context }): Promise<void> {
  if (doc.doctype === 'File' || !ctx.site.meta.has('File')) return;
  const rows = await ctx.uow.db
    .selectFrom('tabFile')
    .select('name')
    .where('attached_to_doctype', '=', doc.doctype)
    .where('attached_to_name', '=', String(doc.name))
    .execute();
  for (const row of rows) await deleteDoc(trusted(ctx), 'File', String(row.name));
}

/**
 * For each Attach / Attach Image value naming a site file: nothing when a File
 * already links it to this field; else an unattached File of that URL is
 * attached; else a new File row for the URL is made in Home/Attachments.
 */
async function linkAttachFields(doc: Doc, { ctx }: { ctx: Context }): Promise<void> {
  if (doc.doctype === 'File' || !ctx.site.meta.has('File')) return;
  const meta = ctx.site.meta.getMeta(doc.doctype);
  for (const field of meta.fields) {
    const url = doc[field.fieldname];
    if (!ATTACH_TYPES.has(field.fieldtype) || !isLocalUrl(url)) continue;
    try {
      await linkOne(trusted(ctx), doc, field.fieldname, String(url));
    } catch (error) {
      // Frappe logs and keeps the save: a stale URL in a field must not block editing the document.
      if (!(error instanceof FrappeError)) throw error;
    }
  }
}

async function linkOne(ctx: Context, doc: Doc, fieldname: string, url: string): Promise<void> {
  const rows = await ctx.uow.db
    .selectFrom('tabFile')
    .select(['name', 'attached_to_doctype', 'attached_to_name', 'attached_to_field'])
    .where('file_url', '=', url)
    .execute();
  const linked = rows.some(
    (row) =>
      row.attached_to_doctype === doc.doctype &&
      row.attached_to_name === doc.name &&
      row.attached_to_field === fieldname,
  );
  if (linked) return;
  const attachment = {
    attached_to_doctype: doc.doctype,
    attached_to_name: String(doc.name),
    attached_to_field: fieldname,
  };
  const loose = rows.find((row) => !row.attached_to_doctype);
  if (loose !== undefined) {
    await updateDoc(ctx, 'File', String(loose.name), attachment);
    return;
  }
  await insertDoc(ctx, {
    doctype: 'File',
    file_url: url,
    folder: ATTACHMENTS_FOLDER,
    is_private: url.startsWith('/private/') ? 1 : 0,
    ...attachment,
  });
}
