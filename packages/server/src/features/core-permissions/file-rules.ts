import type {
  PermissionHook,
  PermissionQueryCondition,
} from '../../engine/runtime/app-definition.js';
import { loadDoc } from '../../engine/store/doc-store.js';
import { hasPermission, isSharedWith } from '../../engine/permissions/index.js';

/** Rights on an attached file that need write on the document it is attached to. */
const WRITE_RIGHTS = new Set(['write', 'create', 'delete']);
/** Rights anyone has on a public file. */
const PUBLIC_RIGHTS = new Set(['read', 'select']);

/**
 * Frappe's File document rule (docs/spec/files.md §10): anyone reads a public file; the
 * owner does anything with their own; a File shared with the user follows the
 * share (as every share does: none while System Settings
 * `disable_document_sharing` is on); a file attached to a document follows
 * the user's read (or, to change it, write) right on that document;
 * anything else is refused.
 */
export const fileHasPermission: PermissionHook = async (doc, ptype, ctx) => {
  if (ptype === 'create') return true;
  if (Number(doc.is_private) !== 1 && PUBLIC_RIGHTS.has(ptype)) return true;
  if (ctx.user !== 'Guest' && doc.owner === ctx.user) return true;
  if (await isSharedWith(ctx, 'File', String(doc.name), ptype)) return true;
  const doctype = doc.attached_to_doctype;
  const name = doc.attached_to_name;
  if (typeof doctype !== 'string' || typeof name !== 'string' || doctype === '' || name === '')
    return false;
  if (!ctx.site.meta.has(doctype)) return false;
  const attachedTo = await loadDoc(ctx, ctx.site.meta.getMeta(doctype), name);
  if (attachedTo === null) return false;
  return hasPermission(ctx, doctype, WRITE_RIGHTS.has(ptype) ? 'write' : 'read', attachedTo);
};

/**
 * Frappe's File list rule (docs/spec/files.md §10): public files, the user's own, and
 * files attached to any document of a DocType the user may read (checked at
 * DocType level, as Frappe does). Administrator sees every row.
 */
export const fileQueryCondition: PermissionQueryCondition = async (ctx) => {
  if (ctx.user === 'Administrator') return null;
  const readable: string[] = [];
  for (const meta of ctx.site.meta.all()) {
    if (!meta.istable && (await hasPermission(ctx, meta.name, 'read'))) readable.push(meta.name);
  }
  return (eb, table) =>
    eb.or([
      eb(`${table}.is_private`, '=', 0),
      eb(`${table}.owner`, '=', ctx.user),
      ...(readable.length === 0 ? [] : [eb(`${table}.attached_to_doctype`, 'in', readable)]),
    ]);
};
