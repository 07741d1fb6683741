import { FrappeError } from '../../core/errors/index.js';
import type { Context } from '../../engine/context.js';
import type { Doc } from '../../engine/doc.js';
import { getDoc } from '../../engine/document.js';
import { hasPermission } from '../../engine/permissions/index.js';
import type { DocField, Meta } from '../../model/meta.js';
import { omitNulls } from './omit-nulls.js';

/**
 * Frappe's `expand_links=1` on a document read: every Link and Dynamic Link
 * value, in child rows too, becomes the linked record. Unlike Frappe, a
 * record the user may not read stays a plain name (docs/spec/DECISIONS.md: expand_links).
 */
export async function expandDocLinks(ctx: Context, doc: Doc): Promise<Doc> {
  const meta = ctx.site.meta.getMeta(doc.doctype);
  const expanded: Doc = { ...doc };
  await expandFields(ctx, expanded, meta.linkFields);
  for (const table of meta.tableFields) {
    const rows = expanded[table.fieldname];
    if (!Array.isArray(rows) || !ctx.site.meta.has(table.options)) continue;
    const childMeta = ctx.site.meta.getMeta(table.options);
    expanded[table.fieldname] = await Promise.all(
      rows.map(async (row: Record<string, unknown>) => {
        const copy = { ...row };
        await expandFields(ctx, copy, childMeta.linkFields);
        return copy;
      }),
    );
  }
  return expanded;
}

/** `expand` on list rows: only the named Link fields, each row's value replaced when readable. */
export async function expandListRows(
  ctx: Context,
  meta: Meta,
  rows: Record<string, unknown>[],
  fieldnames: readonly string[],
): Promise<Record<string, unknown>[]> {
  const fields = meta.linkFields.filter((field) => fieldnames.includes(field.fieldname));
  if (fields.length === 0) return rows;
  return Promise.all(
    rows.map(async (row) => {
      const copy = { ...row };
      await expandFields(ctx, copy, fields);
      return copy;
    }),
  );
}

async function expandFields(
  ctx: Context,
  target: Record<string, unknown>,
  fields: readonly DocField[],
): Promise<void> {
  for (const field of fields) {
    const value = target[field.fieldname];
    if (typeof value !== 'string' || value === '') continue;
    const linkedDoctype =
      field.fieldtype === 'Dynamic Link' ? target[field.options] : field.options;
    if (typeof linkedDoctype !== 'string' || !ctx.site.meta.has(linkedDoctype)) continue;
    const linked = await readableDoc(ctx, linkedDoctype, value);
    if (linked !== null) target[field.fieldname] = omitNulls(linked);
  }
}

/** The linked record when it exists and the user may read it; otherwise null (the name stays). */
async function readableDoc(ctx: Context, doctype: string, name: string): Promise<Doc | null> {
  if (!(await hasPermission(ctx, doctype, 'read'))) return null;
  try {
    const doc = await getDoc(ctx, doctype, name);
    return (await hasPermission(ctx, doctype, 'read', doc)) ? doc : null;
  } catch (error) {
    if (
      error instanceof FrappeError &&
      (error.is('PermissionError') || error.is('DoesNotExistError'))
    )
      return null;
    throw error;
  }
}
