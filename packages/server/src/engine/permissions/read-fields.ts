import type { Meta } from '../../model/meta.js';
import type { Context } from '../context.js';
import type { Doc } from '../doc.js';
import { permlevelAccess } from './permlevels.js';
import { bypassesPermissions } from './rights.js';

/**
 * The document without the fields the user may not read (spec permissions §5,
 * "Read"): keys at permission levels without `read` are absent, in the
 * document and in its child rows (judged with the parent's rows); a Table
 * field at such a level disappears with its rows. Returns a new object.
 *
 * @example
 * return removeUnreadableFields(ctx, meta, await getDoc(ctx, 'Note', name));
 */
export function removeUnreadableFields(ctx: Context, meta: Meta, doc: Doc): Doc {
  if (bypassesPermissions(ctx) || !hasLeveledFields(ctx, meta)) return doc;
  const readable = permlevelAccess(ctx, meta, 'read');
  const result: Doc = { ...doc };
  for (const field of [...meta.valueFields, ...meta.tableFields]) {
    if (!readable.has(field.permlevel)) delete result[field.fieldname];
  }
  for (const table of meta.tableFields) {
    const rows = result[table.fieldname];
    if (!Array.isArray(rows) || !ctx.site.meta.has(table.options)) continue;
    const hidden = ctx.site.meta
      .getMeta(table.options)
      .valueFields.filter((field) => !readable.has(field.permlevel));
    result[table.fieldname] = (rows as Doc[]).map((row) =>
      withoutKeys(
        row,
        hidden.map((field) => field.fieldname),
      ),
    );
  }
  return result;
}

function hasLeveledFields(ctx: Context, meta: Meta): boolean {
  if (meta.fields.some((field) => field.permlevel > 0)) return true;
  return meta.tableFields.some(
    (table) =>
      ctx.site.meta.has(table.options) &&
      ctx.site.meta.getMeta(table.options).fields.some((field) => field.permlevel > 0),
  );
}

function withoutKeys(row: Doc, keys: readonly string[]): Doc {
  const copy: Doc = { ...row };
  for (const key of keys) delete copy[key];
  return copy;
}
