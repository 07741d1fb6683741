import type { Context } from '../context.js';
import type { Doc } from '../doc.js';
import { LIFECYCLE, runSteps } from '../lifecycle.js';
import type { DocOperation } from '../operation.js';
import { checkTableValues } from '../store/child-tables.js';
import { loadExisting } from './get-doc.js';
import { keepsClientName } from '../naming/client-name.js';
import { OPTIONAL_FIELDNAMES } from '../../model/standard-fieldnames.js';

/** Keys a client can never set on a document (§11). */
const RESERVED = [...OPTIONAL_FIELDNAMES, 'flags'];

/**
 * Inserts a new document (§7.2) and returns it as stored. A client-sent
 * `name` is kept only for `prompt` and `UUID` DocTypes (or during install);
 * child row names are always replaced.
 *
 * @example
 * await insertDoc(ctx, { doctype: 'ToDo', description: 'Call Ann' });
 */
export async function insertDoc(ctx: Context, data: Doc): Promise<Doc> {
  const meta = ctx.site.meta.getMeta(data.doctype);
  const doc = withoutReserved(data);
  const keepsName = keepsClientName(meta) || ctx.flags.inInstall === true;
  if (!keepsName) delete doc.name;
  checkTableValues(meta, doc);
  for (const field of meta.tableFields) {
    const rows = doc[field.fieldname];
    if (Array.isArray(rows))
      doc[field.fieldname] = rows.map(({ name: _discarded, ...row }: Doc) =>
        withoutReserved(row as Doc),
      );
  }
  const op: DocOperation = {
    ctx,
    meta,
    doc,
    before: null,
    action: 'save',
    isNew: true,
    originalModified: null,
  };
  await runSteps(op, LIFECYCLE.insert);
  return loadExisting(ctx, meta.name, String(op.doc.name));
}

/**
 * Saves a whole document (§7.3): a document without a name, or flagged
 * `__islocal`, is inserted; otherwise the stored docstatus and the incoming
 * one decide between save, submit, cancel and update after submit.
 */
export async function saveDoc(ctx: Context, data: Doc): Promise<Doc> {
  if (data.name === undefined || data.name === null || data.name === '' || data.__islocal)
    return insertDoc(ctx, data);
  const meta = ctx.site.meta.getMeta(data.doctype);
  const doc = withoutReserved(data);
  const originalModified =
    typeof doc.modified === 'string' && doc.modified !== '' ? doc.modified : null;
  const op: DocOperation = {
    ctx,
    meta,
    doc,
    before: null,
    action: 'save',
    isNew: false,
    originalModified,
  };
  await runSteps(op, LIFECYCLE.update);
  await runSteps(op, LIFECYCLE[op.action]);
  return loadExisting(ctx, meta.name, String(op.doc.name));
}

/**
 * PUT semantics: the stored document overlaid with `patch`. Child tables in
 * the patch replace the stored ones, rows merging by `name` (docs/spec/DECISIONS.md);
 * without `modified` in the patch the last write wins (§10).
 */
export async function updateDoc(
  ctx: Context,
  doctype: string,
  name: string,
  patch: Record<string, unknown>,
): Promise<Doc> {
  const stored = await loadExisting(ctx, doctype, name);
  const { doctype: _ignoredType, name: _ignoredName, ...changes } = patch;
  return saveDoc(ctx, { ...stored, modified: null, ...changes, doctype, name });
}

/** Submits a draft (docstatus 0 → 1, §7.4). */
export function submitDoc(ctx: Context, doctype: string, name: string): Promise<Doc> {
  return updateDoc(ctx, doctype, name, { docstatus: 1 });
}

/** Cancels a submitted document (docstatus 1 → 2, §7.5). */
export function cancelDoc(ctx: Context, doctype: string, name: string): Promise<Doc> {
  return updateDoc(ctx, doctype, name, { docstatus: 2 });
}

/** Frappe's `frappe.client.set_value`: load, overlay, save; a child row saves through its parent. */
export async function setValue(
  ctx: Context,
  doctype: string,
  name: string,
  values: Record<string, unknown>,
): Promise<Doc> {
  const meta = ctx.site.meta.getMeta(doctype);
  if (!meta.istable) return updateDoc(ctx, doctype, name, values);
  const row = await ctx.uow.db
    .selectFrom(meta.tableName)
    .select(['parent', 'parenttype', 'parentfield'])
    .where('name', '=', name)
    .executeTakeFirst();
  if (!row) return loadExisting(ctx, doctype, name);
  const parent = await loadExisting(ctx, String(row.parenttype), String(row.parent));
  const rows = (parent[String(row.parentfield)] as Doc[]).map((child) =>
    child.name === name ? { ...child, ...values } : child,
  );
  return updateDoc(ctx, String(row.parenttype), String(row.parent), {
    [String(row.parentfield)]: rows,
  });
}

function withoutReserved(data: Doc): Doc {
  const doc: Doc = { ...data };
  for (const key of RESERVED) delete doc[key];
  return doc;
}
