import {
  CancelledLinkError,
  LinkValidationError,
  ValidationError,
} from '../../core/errors/index.js';
import type { DocField, Meta } from '../../model/meta.js';
import type { Context } from '../context.js';
import type { Doc } from '../doc.js';
import type { DocOperation } from '../operation.js';
import { childRows } from '../store/child-tables.js';
import { serializeValue } from '../store/values.js';
import { runPrecompiled } from '../../platform/db/precompiled.js';

interface LinkCheck {
  readonly missing: string[];
  readonly cancelled: string[];
}

/**
 * Checks every Link and Dynamic Link of the document and its rows (§9.2):
 * the target must exist (its stored spelling replaces the value), a
 * submittable document may not link a cancelled one, and `fetch_from`
 * fields are copied from the target. Skipped for cancel and `ignoreLinks`.
 */
export async function validateLinks(op: DocOperation): Promise<void> {
  if (op.ctx.flags.ignoreLinks || op.action === 'cancel') return;
  const check: LinkCheck = { missing: [], cancelled: [] };
  await checkDocLinks(op, op.meta, op.doc, null, check);
  for (const { meta, row } of childRows(op))
    await checkDocLinks(op, meta, row, Number(row.idx), check);
  if (check.missing.length)
    throw new LinkValidationError(`Could not find ${check.missing.join(', ')}`);
  if (check.cancelled.length)
    throw new CancelledLinkError(`Cannot link cancelled document: ${check.cancelled.join(', ')}`);
}

async function checkDocLinks(
  op: DocOperation,
  meta: Meta,
  doc: Doc,
  rowIdx: number | null,
  check: LinkCheck,
): Promise<void> {
  for (const field of meta.linkFields) {
    const value = doc[field.fieldname];
    if (value === null || value === undefined || value === '') continue;
    const targetName = targetDocType(meta, field, doc);
    const target = await findTarget(op.ctx, targetName, String(value), fetchSources(meta, field));
    const label =
      rowIdx === null
        ? `${field.label}: ${String(value)}`
        : `Row #${rowIdx}: ${field.label}: ${String(value)}`;
    if (!target) {
      check.missing.push(label);
      continue;
    }
    doc[field.fieldname] = target.name;
    if (isCancelledLink(op, field, targetName, target)) check.cancelled.push(label);
    applyFetchFrom(op, meta, field, doc, target);
  }
}

function targetDocType(meta: Meta, field: DocField, doc: Doc): string {
  if (field.fieldtype !== 'Dynamic Link') {
    if (!field.options) throw new ValidationError(`Options not set for link field ${field.label}`);
    return field.options;
  }
  const target = doc[field.options];
  if (typeof target !== 'string' || target === '') {
    throw new ValidationError(
      `${meta.getField(field.options)?.label ?? field.options} must be set first`,
    );
  }
  return target;
}

/** Source fields named by `fetch_from: "<this link>.<source>"`. */
function fetchSources(meta: Meta, link: DocField): string[] {
  const prefix = `${link.fieldname}.`;
  return meta.valueFields
    .filter((f) => f.fetch_from?.startsWith(prefix))
    .map((f) => (f.fetch_from ?? '').slice(prefix.length));
}

async function findTarget(
  ctx: Context,
  doctype: string,
  name: string,
  sources: string[],
): Promise<Record<string, unknown> | null> {
  if (doctype === 'DocType') return ctx.site.meta.has(name) ? { name, docstatus: 0 } : null;
  if (!ctx.site.meta.has(doctype)) return null;
  const meta = ctx.site.meta.getMeta(doctype);
  if (meta.issingle) return name === meta.name ? { name, docstatus: 0 } : null;
  for (const source of sources) {
    if (!meta.getField(source) && source !== 'name')
      throw new ValidationError(`Please check the value of "Fetch From" set for field ${source}`);
  }
  const { db, dialect } = ctx.uow;
  const [row] = await runPrecompiled<Record<string, unknown>>(
    db,
    dialect.type,
    `link target\u0000${meta.tableName}\u0000${sources.join(',')}`,
    () =>
      db
        .selectFrom(meta.tableName)
        .select(['name', 'docstatus', ...sources])
        .where('name', '=', name),
    [name],
  );
  if (!row) return null;
  for (const source of sources) {
    const field = meta.getField(source);
    if (field) row[source] = serializeValue(field, row[source]);
  }
  return row;
}

function isCancelledLink(
  op: DocOperation,
  field: DocField,
  targetName: string,
  target: Record<string, unknown>,
): boolean {
  if (
    !op.meta.is_submittable ||
    field.fieldname === 'amended_from' ||
    Number(target.docstatus) !== 2
  )
    return false;
  return op.ctx.site.meta.getMeta(targetName).is_submittable;
}

function applyFetchFrom(
  op: DocOperation,
  meta: Meta,
  link: DocField,
  doc: Doc,
  row: Record<string, unknown>,
): void {
  const prefix = `${link.fieldname}.`;
  for (const field of meta.valueFields) {
    if (!field.fetch_from?.startsWith(prefix)) continue;
    const current = doc[field.fieldname];
    if (field.fetch_if_empty && current !== null && current !== undefined && current !== '')
      continue;
    if (op.doc.docstatus === 1 && !field.allow_on_submit) continue;
    doc[field.fieldname] = row[field.fetch_from.slice(prefix.length)] ?? null;
  }
}
