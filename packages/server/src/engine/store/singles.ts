import type { Meta } from '../../model/meta.js';
import type { Context } from '../context.js';
import type { Doc } from '../doc.js';
import { attachChildren } from './load-children.js';
import { coerceValue, serializeValue, standardField } from './values.js';
import { STANDARD_FIELDNAMES } from '../../model/standard-fieldnames.js';

const SINGLES = 'tabSingles';

/**
 * Reads a Single DocType from `tabSingles` (§3.4). Values are stored as text,
 * so each one is re-typed through its fieldtype. A Single that was never
 * saved reads as an empty document named after the DocType.
 */
export async function loadSingle(ctx: Context, meta: Meta): Promise<Doc> {
  const rows = await ctx.uow.db
    .selectFrom(SINGLES)
    .select(['field', 'value'])
    .where('doctype', '=', meta.name)
    .execute();
  const stored = new Map(rows.map((row) => [String(row.field), row.value as unknown]));
  const doc: Record<string, unknown> = {};
  for (const column of STANDARD_FIELDNAMES)
    doc[column] = retype(standardField(column), stored.get(column));
  for (const field of meta.valueFields)
    doc[field.fieldname] = retype(field, stored.get(field.fieldname));
  doc.name = meta.name;
  doc.doctype = meta.name;
  await attachChildren(ctx, meta, doc as Doc);
  return doc as Doc;
}

/** Replaces all `tabSingles` rows of the DocType with the document's values. */
export async function writeSingle(ctx: Context, meta: Meta, doc: Doc): Promise<void> {
  await deleteSingle(ctx, meta);
  const values: { doctype: string; field: string; value: string | null }[] = [];
  for (const column of STANDARD_FIELDNAMES) values.push(singleRow(meta, column, doc[column]));
  for (const field of meta.valueFields)
    values.push(singleRow(meta, field.fieldname, coerceValue(field, doc[field.fieldname] ?? null)));
  await ctx.uow.db.insertInto(SINGLES).values(values).execute();
}

/** Removes a Single's stored values. */
export async function deleteSingle(ctx: Context, meta: Meta): Promise<void> {
  await ctx.uow.db.deleteFrom(SINGLES).where('doctype', '=', meta.name).execute();
}

function singleRow(meta: Meta, field: string, value: unknown) {
  return {
    doctype: meta.name,
    field,
    value: value === null || value === undefined ? null : String(value),
  };
}

function retype(field: Parameters<typeof serializeValue>[0], value: unknown): unknown {
  if (value === null || value === undefined) return null;
  return serializeValue(field, coerceValue(field, value));
}
