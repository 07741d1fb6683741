import type { Meta } from '../../model/meta.js';
import type { Context } from '../context.js';
import type { Doc } from '../doc.js';
import { resolveChildParent } from './child-parent.js';
import { allColumns, getPermittedFields, getPermittedTableFields } from './permlevels.js';
import { bypassesPermissions } from './rights.js';

/**
 * The read filter every answer goes through (docs/spec/permissions.md §5, "Read"):
 * any document found in `payload` — the payload itself, an element of an
 * array, a value nested in an object, a child row on its own — loses the
 * fields the user may not read, exactly as REST GET removes them. Objects
 * with a `doctype` key naming a known DocType are documents; everything
 * else is walked into and otherwise left as it is. Returns new objects
 * where something was removed; the input is never changed.
 *
 * The HTTP layer applies it to every handler's result (`runForRequest`, the
 * method route), so an endpoint cannot forget it; code that builds an answer
 * outside those paths calls it itself.
 *
 * @example
 * return filterReadable(ctx, await saveDoc(ctx, doc));
 */
/** Documents an operation has vouched for (see {@link markReadable}); the filter passes them whole. */
const vouched = new WeakSet<object>();

/**
 * Marks a document the caller may see whole although its DocType's rules
 * would hide it: a record written on the caller's behalf by an operation
 * that checked the caller's right on the document it belongs to (Frappe's
 * `add_comment` answers the Comment to anyone who may read the document).
 * Returns the same object.
 */
export function markReadable<T extends object>(doc: T): T {
  vouched.add(doc);
  return doc;
}

export function filterReadable<T>(ctx: Context, payload: T): T {
  if (bypassesPermissions(ctx)) return payload;
  return walk(ctx, payload) as T;
}

function walk(ctx: Context, value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item: unknown) => walk(ctx, item));
    return items.some((item, index) => item !== value[index]) ? items : value;
  }
  if (!isPlainObject(value) || vouched.has(value)) return value;
  const doctype = value['doctype'];
  if (typeof doctype === 'string' && ctx.site.meta.has(doctype))
    return readableDoc(ctx, value as Doc);
  return walkEntries(ctx, value, new Set());
}

/** One document: unreadable columns and Table fields removed, child rows judged through it. */
function readableDoc(ctx: Context, doc: Doc): Doc {
  const meta = ctx.site.meta.getMeta(doc.doctype);
  const parentMeta = meta.istable ? parentOf(ctx, meta, doc) : undefined;
  const known = new Set([...allColumns(meta), ...meta.tableFields.map((f) => f.fieldname)]);
  const allowed = new Set(
    meta.istable && parentMeta === undefined
      ? levelZeroColumns(meta)
      : [
          ...getPermittedFields(ctx, meta, 'read', parentMeta),
          ...(meta.istable ? [] : getPermittedTableFields(ctx, meta, 'read')),
        ],
  );
  const result = walkEntries(ctx, doc, known) as Doc;
  for (const key of Object.keys(result)) {
    if (known.has(key) && !allowed.has(key)) delete result[key];
  }
  for (const table of meta.tableFields) {
    const rows = result[table.fieldname];
    if (!allowed.has(table.fieldname) || !Array.isArray(rows)) continue;
    if (!ctx.site.meta.has(table.options)) continue;
    const childMeta = ctx.site.meta.getMeta(table.options);
    const permitted = new Set(getPermittedFields(ctx, childMeta, 'read', meta));
    const childKnown = new Set(allColumns(childMeta));
    result[table.fieldname] = rows.map((row: unknown) =>
      isPlainObject(row)
        ? withoutKeys(row, (key) => childKnown.has(key) && !permitted.has(key))
        : row,
    );
  }
  return result;
}

/** The parent DocType a child row is judged through, when the row names a valid one. */
function parentOf(ctx: Context, childMeta: Meta, row: Doc): Meta | undefined {
  const parent = resolveChildParent(ctx, childMeta, undefined, stringOr(row['parenttype']));
  return 'parentMeta' in parent ? parent.parentMeta : undefined;
}

/** A child row with no parent to judge it by keeps only its level-0 fields. */
function levelZeroColumns(meta: Meta): string[] {
  const leveled = new Set(
    meta.valueFields.filter((field) => field.permlevel > 0).map((field) => field.fieldname),
  );
  return allColumns(meta).filter((column) => !leveled.has(column));
}

/** A copy of `source` whose values outside `skip` are walked (they may hold documents). */
function walkEntries(
  ctx: Context,
  source: Record<string, unknown>,
  skip: ReadonlySet<string>,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  let changed = skip.size > 0;
  for (const [key, value] of Object.entries(source)) {
    const walked = skip.has(key) ? value : walk(ctx, value);
    if (walked !== value) changed = true;
    result[key] = walked;
  }
  return changed ? result : source;
}

function withoutKeys(
  row: Record<string, unknown>,
  drop: (key: string) => boolean,
): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) if (!drop(key)) copy[key] = value;
  return copy;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
