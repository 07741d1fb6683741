import type { Meta } from '../../model/meta.js';
import type { UnitOfWork } from '../../platform/db/database.js';
import type { Context } from '../context.js';
import type { Doc } from '../doc.js';
import { runPrecompiled } from '../../platform/db/precompiled.js';
import { attachChildren, rowToDoc } from './load-children.js';
import { loadSingle } from './singles.js';
import { virtualSourceOf } from './virtual-source.js';
import { coerceValue, standardField } from './values.js';
import { CHILD_FIELDNAMES, STANDARD_FIELDNAMES } from '../../model/standard-fieldnames.js';

/**
 * Reads a stored document with its child rows (ordered by idx), values in
 * Frappe's wire format and nulls kept. Returns null when it does not exist.
 */
export async function loadDoc(
  ctx: Context,
  meta: Meta,
  name: string,
  forUpdate = false,
): Promise<Doc | null> {
  if (meta.issingle) return loadSingle(ctx, meta);
  if (meta.is_virtual) return (await virtualSourceOf(ctx, meta).load(ctx, name)) ?? null;
  const { db, dialect } = ctx.uow;
  const lock = forUpdate && dialect.capabilities.forUpdate;
  const [row] = await runPrecompiled(
    db,
    dialect.type,
    `${lock ? 'doc for update' : 'doc'}\u0000${meta.tableName}`,
    () => {
      const query = db.selectFrom(meta.tableName).selectAll().where('name', '=', name);
      return lock ? query.forUpdate() : query;
    },
    [name],
  );
  if (!row) return null;
  const doc = rowToDoc(meta, row);
  await attachChildren(ctx, meta, doc);
  return doc;
}

/** The row to write for a document: standard columns plus every value field, coerced. */
export function docToRow(meta: Meta, doc: Doc): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const column of STANDARD_FIELDNAMES) {
    if (column === 'name') row.name = doc.name;
    else row[column] = coerceValue(standardField(column), doc[column] ?? null);
  }
  for (const field of meta.valueFields)
    row[field.fieldname] = coerceValue(field, doc[field.fieldname] ?? null);
  if (meta.istable) for (const column of CHILD_FIELDNAMES) row[column] = doc[column] ?? null;
  return row;
}

/** Whether a row with this name exists in a table. */
export async function nameExists(uow: UnitOfWork, table: string, name: unknown): Promise<boolean> {
  const rows = await runPrecompiled(
    uow.db,
    uow.dialect.type,
    `name exists\u0000${table}`,
    () => uow.db.selectFrom(table).select('name').where('name', '=', name),
    [name],
  );
  return rows.length > 0;
}

/** Inserts one row, returning the name (the generated one for autoincrement tables). */
export async function insertRow(
  uow: UnitOfWork,
  meta: Meta,
  row: Record<string, unknown>,
): Promise<unknown> {
  if (row.name !== null && row.name !== undefined) {
    await uow.db.insertInto(meta.tableName).values(row).execute();
    return row.name;
  }
  const { name: _generated, ...values } = row;
  if (uow.dialect.capabilities.returning) {
    const inserted = await uow.db
      .insertInto(meta.tableName)
      .values(values)
      .returning('name')
      .executeTakeFirstOrThrow();
    return Number(inserted.name);
  }
  const result = await uow.db.insertInto(meta.tableName).values(values).executeTakeFirstOrThrow();
  return Number(result.insertId);
}

/** Rewrites every column of an existing row except `name`. */
export async function updateRow(
  uow: UnitOfWork,
  meta: Meta,
  row: Record<string, unknown>,
): Promise<void> {
  const { name, ...values } = row;
  await uow.db.updateTable(meta.tableName).set(values).where('name', '=', name).execute();
}
