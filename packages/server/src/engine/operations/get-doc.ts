import { DoesNotExistError } from '../../core/errors/index.js';
import type { Context } from '../context.js';
import type { Doc } from '../doc.js';
import { loadDoc } from '../store/doc-store.js';
import { checkPermission } from '../permissions/has-permission.js';

/**
 * A stored document with its child rows (ordered by idx) in Frappe's wire
 * format; null values are kept (the HTTP layer drops them). Needs `read`.
 *
 * @example
 * const todo = await getDoc(ctx, 'ToDo', 'a1b2c3d4e5');
 */
export async function getDoc(ctx: Context, doctype: string, name: string): Promise<Doc> {
  const doc = await loadExisting(ctx, doctype, name);
  if (!ctx.flags.ignorePermissions) await checkPermission(ctx, doctype, 'read', doc);
  return doc;
}

/** The stored document, or Frappe's `DoesNotExistError` (404). No permission check. */
export async function loadExisting(
  ctx: Context,
  doctype: string,
  name: string,
  forUpdate = false,
): Promise<Doc> {
  const meta = ctx.site.meta.getMeta(doctype);
  const doc = await loadDoc(ctx, meta, name, forUpdate);
  if (!doc) throw new DoesNotExistError(`${doctype} ${name} not found`);
  return doc;
}
