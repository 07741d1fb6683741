import { ValidationError } from '../../core/errors/index.js';
import type { Meta } from '../../model/meta.js';
import type { Context } from '../context.js';
import type { Doc } from '../doc.js';
import { checkPermission } from '../permissions/has-permission.js';
import { loadExisting } from './get-doc.js';
import { insertDoc } from './save-doc.js';

const NOT_COPIED = new Set([
  'name',
  'owner',
  'creation',
  'modified',
  'modified_by',
  'docstatus',
  'parent',
  'parentfield',
  'parenttype',
]);

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
  const copy = copyDoc(meta, original);
  for (const field of meta.tableFields) {
    const childMeta = ctx.site.meta.getMeta(field.options);
    copy[field.fieldname] = ((original[field.fieldname] as Doc[] | undefined) ?? []).map((row) =>
      copyDoc(childMeta, row),
    );
  }
  return insertDoc(ctx, { ...copy, amended_from: name, docstatus: 0 });
}

function copyDoc(meta: Meta, source: Doc): Doc {
  const copy: Doc = { doctype: meta.name };
  for (const field of meta.valueFields) {
    if (!field.no_copy && !NOT_COPIED.has(field.fieldname))
      copy[field.fieldname] = source[field.fieldname];
  }
  copy.idx = source.idx;
  return copy;
}
