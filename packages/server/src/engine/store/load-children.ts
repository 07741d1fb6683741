import type { Meta } from '../../model/meta.js';
import type { Context } from '../context.js';
import type { Doc } from '../doc.js';
import { serializeStandard, serializeValue } from './values.js';
import { CHILD_FIELDNAMES, STANDARD_FIELDNAMES } from '../../model/standard-fieldnames.js';

/** Loads every Table field's rows into `doc`. */
export async function attachChildren(ctx: Context, meta: Meta, doc: Doc): Promise<void> {
  for (const field of meta.tableFields) {
    const childMeta = ctx.site.meta.getMeta(field.options);
    const rows = await ctx.uow.db
      .selectFrom(childMeta.tableName)
      .selectAll()
      .where('parent', '=', String(doc.name))
      .where('parenttype', '=', meta.name)
      .where('parentfield', '=', field.fieldname)
      .orderBy('idx')
      .execute();
    doc[field.fieldname] = rows.map((row) => rowToDoc(childMeta, row));
  }
}

/** A database row as a document object in wire format (§4 key order, `doctype` last). */
export function rowToDoc(meta: Meta, row: Record<string, unknown>): Doc {
  const doc: Record<string, unknown> = {};
  for (const column of STANDARD_FIELDNAMES) doc[column] = serializeStandard(column, row[column]);
  for (const field of meta.valueFields)
    doc[field.fieldname] = serializeValue(field, row[field.fieldname]);
  if (meta.istable) for (const column of CHILD_FIELDNAMES) doc[column] = row[column] ?? null;
  doc.doctype = meta.name;
  return doc as Doc;
}
