import { ValidationError } from '../../core/errors/index.js';
import type { DocField, Meta } from '../../model/meta.js';
import type { Doc } from '../doc.js';
import { docToRow, insertRow } from './doc-store.js';
import { makeChildName } from '../naming/make-name.js';
import type { DocOperation } from '../operation.js';

/** One child row with what describes it. */
export interface ChildRow {
  readonly field: DocField;
  readonly meta: Meta;
  readonly row: Doc;
}

/** Every child row of the operation's document, table by table, in order. */
export function childRows(op: DocOperation): ChildRow[] {
  const rows: ChildRow[] = [];
  for (const field of op.meta.tableFields) {
    const value = op.doc[field.fieldname];
    if (!Array.isArray(value)) continue;
    const meta = op.ctx.site.meta.getMeta(field.options);
    for (const row of value as Doc[]) rows.push({ field, meta, row });
  }
  return rows;
}

/**
 * Makes every Table value an array of row objects and stamps the
 * parent keys. A table key absent from the document keeps the stored rows
 * (§8); `idx` follows the order sent.
 */
export function normalizeTables(op: DocOperation): void {
  for (const field of op.meta.tableFields) {
    const value = op.doc[field.fieldname] ?? op.before?.[field.fieldname] ?? [];
    op.doc[field.fieldname] = tableRows(field, value).map((row, index) => {
      return {
        ...row,
        doctype: field.options,
        idx: index + 1,
        parentfield: field.fieldname,
        parenttype: op.meta.name,
      };
    });
  }
}

/**
 * Refuses Table values that are not lists of row objects (null, scalars
 * and nested lists are a ValidationError before anything reads them).
 */
export function checkTableValues(meta: Meta, doc: Doc): void {
  for (const field of meta.tableFields) {
    const value = doc[field.fieldname];
    if (value !== undefined && value !== null) tableRows(field, value);
  }
}

function tableRows(field: DocField, value: unknown): Doc[] {
  const label = field.label || field.fieldname;
  if (!Array.isArray(value)) throw new ValidationError(`Value for ${label} must be a list of rows`);
  for (const [index, row] of value.entries()) {
    if (row === null || typeof row !== 'object' || Array.isArray(row))
      throw new ValidationError(`Row #${index + 1}: ${label} must be an object`);
  }
  return value as Doc[];
}

/**
 * docs/spec/DECISIONS.md: a row sent with a `name` merges into that stored row; a name
 * that belongs to another parent is a ValidationError; an unknown name is a
 * new row. Rows without a name are new; rows left out are deleted on write.
 */
export async function resolveChildRows(op: DocOperation): Promise<void> {
  for (const field of op.meta.tableFields) {
    const stored = new Map(
      ((op.before?.[field.fieldname] as Doc[] | undefined) ?? []).map((row) => [row.name, row]),
    );
    const rows = op.doc[field.fieldname] as Doc[];
    for (const [index, row] of rows.entries()) {
      if (row.name === undefined || row.name === null || row.name === '') continue;
      const existing = stored.get(row.name);
      if (existing) rows[index] = { ...existing, ...row };
      else await rejectForeignRow(op, field, row);
    }
  }
}

async function rejectForeignRow(op: DocOperation, field: DocField, row: Doc): Promise<void> {
  const childMeta = op.ctx.site.meta.getMeta(field.options);
  const owner = await op.ctx.uow.db
    .selectFrom(childMeta.tableName)
    .select(['parent', 'parenttype'])
    .where('name', '=', row.name)
    .executeTakeFirst();
  if (owner) {
    throw new ValidationError(
      `Row #${String(row.idx)}: ${childMeta.name} ${String(row.name)} does not belong to ${op.meta.name} ${String(op.doc.name)}`,
    );
  }
  delete row.name;
}

/** Names new rows and points every row at the parent (§7.2 steps 10–11). */
export async function nameChildRows(op: DocOperation): Promise<void> {
  for (const { meta, row } of childRows(op)) {
    row.parent = op.doc.name;
    row.parenttype = op.meta.name;
    if (row.name === undefined || row.name === null || row.name === '') {
      row.name = await makeChildName(op.ctx, meta, row);
      row.__islocal = 1;
    }
  }
}

/**
 * Replaces the stored rows of every table with the document's rows. A new
 * document (`isNew`) has no stored rows, and deleting them anyway is not
 * harmless: on MariaDB the delete of rows that do not exist locks the gap of
 * the `parent` index, and two concurrent inserts then deadlock on it (as
 * Frappe, an insert only inserts its rows).
 */
export async function writeChildren(op: DocOperation, isNew = false): Promise<void> {
  for (const field of op.meta.tableFields) {
    const childMeta = op.ctx.site.meta.getMeta(field.options);
    if (!isNew)
      await op.ctx.uow.db
        .deleteFrom(childMeta.tableName)
        .where('parent', '=', String(op.doc.name))
        .where('parenttype', '=', op.meta.name)
        .where('parentfield', '=', field.fieldname)
        .execute();
    for (const row of op.doc[field.fieldname] as Doc[]) {
      row.parent = op.doc.name;
      await insertRow(op.ctx.uow, childMeta, docToRow(childMeta, row));
      delete row.__islocal;
    }
  }
}

/** Deletes every child row of a document (delete, rename-merge). */
export async function deleteChildren(
  op: Pick<DocOperation, 'ctx' | 'meta'>,
  name: string,
): Promise<void> {
  for (const field of op.meta.tableFields) {
    const childMeta = op.ctx.site.meta.getMeta(field.options);
    await op.ctx.uow.db
      .deleteFrom(childMeta.tableName)
      .where('parent', '=', name)
      .where('parenttype', '=', op.meta.name)
      .execute();
  }
}
