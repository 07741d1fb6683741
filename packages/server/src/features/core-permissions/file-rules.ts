import type { PermissionHook } from '../../engine/app.js';
import { loadDoc } from '../../engine/doc-store.js';
import { hasPermission } from '../../engine/permissions/index.js';

/** Rights on an attached file that need write on the document it is attached to. */
const WRITE_RIGHTS = new Set(['write', 'create', 'delete']);

/**
 * Frappe's File document rule: public files and the user's own pass; a private
 * file attached to a document follows the user's read (or, to change it,
 * write) right on that document; any other private file is refused.
 */
export const fileHasPermission: PermissionHook = async (doc, ptype, ctx) => {
  if (ptype === 'create' || Number(doc.is_private) !== 1) return true;
  if (ctx.user !== 'Guest' && doc.owner === ctx.user) return true;
  const doctype = doc.attached_to_doctype;
  const name = doc.attached_to_name;
  if (typeof doctype !== 'string' || typeof name !== 'string' || doctype === '' || name === '')
    return false;
  if (!ctx.site.meta.has(doctype)) return false;
  const attachedTo = await loadDoc(ctx, ctx.site.meta.getMeta(doctype), name);
  if (attachedTo === null) return false;
  return hasPermission(ctx, doctype, WRITE_RIGHTS.has(ptype) ? 'write' : 'read', attachedTo);
};
