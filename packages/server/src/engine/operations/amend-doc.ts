import { ValidationError } from '../../core/errors/index.js';
import type { Context } from '../context.js';
import type { Doc } from '../doc.js';
import { copyDoc } from '../store/copy-doc.js';
import { checkPermission } from '../permissions/has-permission.js';
import { loadExisting } from './get-doc.js';
import { insertDoc } from './save-doc.js';

/**
 * Creates the amendment of a cancelled document: a draft copy (fields marked
 * `no_copy` left out) with `amended_from` set, named `X-1`, `X-2`, … (§6.6).
 */
export async function amendDoc(ctx: Context, doctype: string, name: string): Promise<Doc> {
  const meta = ctx.site.meta.getMeta(doctype);
  const original = await loadExisting(ctx, doctype, name);
  if (!ctx.flags.ignorePermissions) await checkPermission(ctx, doctype, 'amend', original);
  if (original.docstatus !== 2)
    throw new ValidationError(`${doctype} ${name} must be cancelled before it can be amended`);
  const copy = copyDoc(meta, original, false, (child) => ctx.site.meta.getMeta(child));
  return insertDoc(ctx, { ...copy, amended_from: name, docstatus: 0 });
}
