import { LinkExistsError, type FrappeError } from '../../core/errors/index.js';
import type { DocField, Meta } from '../../model/meta.js';
import type { Context } from '../context.js';

/** Frappe's `ignore_links_on_delete`: records of these DocTypes never block a delete (§12). */
export const IGNORE_LINKS_ON_DELETE = new Set([
  'Communication',
  'ToDo',
  'DocShare',
  'Email Unsubscribe',
  'Activity Log',
  'File',
  'Version',
  'Document Follow',
  'Comment',
  'View Log',
  'Tag Link',
  'Notification Log',
  'Email Queue',
  'Document Share Key',
  'Integration Request',
  'Unhandled Email',
  'Webhook Request Log',
  'Workspace',
  'Route History',
  'Access Log',
  'Permission Log',
  'Deleted Document',
]);

interface Linker {
  readonly doctype: string;
  readonly name: string;
  readonly row: number | null;
}

/**
 * Refuses to delete (any linking record) or cancel (submitted linking records
 * only) a document that other records point to, through Link or Dynamic Link
 * fields (§7.5, §12). Child rows are reported as their parent.
 */
export async function checkBackLinks(
  ctx: Context,
  meta: Meta,
  name: string,
  mode: 'delete' | 'cancel',
): Promise<void> {
  for (const source of ctx.site.meta.all()) {
    if (source.issingle || source.is_virtual) continue;
    for (const field of source.linkFields) {
      if (mode === 'cancel' && field.fieldname === 'amended_from') continue;
      const linker = await findLinker(ctx, source, field, meta, name, mode);
      if (linker && !isExempt(ctx, linker, meta, name, mode))
        throw linkExists(meta, name, linker, mode);
    }
  }
}

async function findLinker(
  ctx: Context,
  source: Meta,
  field: DocField,
  target: Meta,
  name: string,
  mode: 'delete' | 'cancel',
): Promise<Linker | null> {
  const dynamic = field.fieldtype === 'Dynamic Link';
  if (!dynamic && field.options !== target.name) return null;
  const columns = source.istable
    ? ['name', 'docstatus', 'idx', 'parent', 'parenttype']
    : ['name', 'docstatus', 'idx'];
  let query = ctx.uow.db
    .selectFrom(source.tableName)
    .select(columns)
    .where(field.fieldname, '=', name);
  if (dynamic) query = query.where(field.options, '=', target.name);
  if (mode === 'cancel') query = query.where('docstatus', '=', 1);
  else if (dynamic) query = query.where('docstatus', '!=', 2);
  const rows = await query.limit(5).execute();
  for (const row of rows) {
    const linker: Linker = source.istable
      ? { doctype: String(row.parenttype), name: String(row.parent), row: Number(row.idx) }
      : { doctype: source.name, name: String(row.name), row: null };
    if (!(linker.doctype === target.name && linker.name === name)) return linker;
  }
  return null;
}

function isExempt(
  ctx: Context,
  linker: Linker,
  target: Meta,
  name: string,
  mode: 'delete' | 'cancel',
): boolean {
  if (linker.doctype === target.name && linker.name === name) return true;
  if (mode === 'delete' && IGNORE_LINKS_ON_DELETE.has(linker.doctype)) return true;
  return !ctx.site.meta.has(linker.doctype);
}

function linkExists(
  meta: Meta,
  name: string,
  linker: Linker,
  mode: 'delete' | 'cancel',
): FrappeError {
  const row = linker.row === null ? '' : ` at Row: ${linker.row}`;
  let message = `Cannot delete or cancel because ${meta.name} ${name} is linked with ${linker.doctype} ${linker.name}${row}`;
  if (mode === 'delete' && (meta.getField('enabled') || meta.getField('disabled'))) {
    message += `. You can disable this ${meta.name} instead of deleting it.`;
  }
  return new LinkExistsError(message);
}
