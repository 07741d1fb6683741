import type { Context } from '../context.js';
import { serializeValue } from '../store/values.js';
import { virtualListPage } from '../store/virtual-doctype.js';
import { buildSelect, type OutputColumn } from './build-select.js';
import { logQuery } from './debug-query.js';
import { normalizeListArgs, type ListArgs, type NormalizedListArgs } from './list-args.js';

/** List rows: objects keyed by label, arrays (`as_list`), or plain values (`pluck`). */
export type ListResult = Record<string, unknown>[] | unknown[][] | unknown[];

/**
 * Frappe's `frappe.get_list`: rows of `doctype` the user may read, filtered,
 * sorted and paged in SQL (spec query-language). Default page length 20;
 * `limit_page_length: 0` returns every row.
 *
 * @example
 * await getList(ctx, 'ToDo', { fields: ['name', 'status'], filters: { status: 'Open' } });
 * // [{ name: 'TD-0001', status: 'Open' }, …]
 */
export async function getList(
  ctx: Context,
  doctype: string,
  args: ListArgs = {},
): Promise<ListResult> {
  return getNormalizedList(ctx, doctype, normalizeListArgs(args));
}

/**
 * Frappe's `frappe.get_all`: `getList` without permission checks and without a
 * default page limit. For server code only; never expose it over HTTP.
 *
 * @example
 * await getAll(ctx, 'Has Role', { fields: ['role'], filters: { parent: 'jane@example.com' } });
 */
export async function getAll(
  ctx: Context,
  doctype: string,
  args: ListArgs = {},
): Promise<ListResult> {
  const trusted = { ...ctx, flags: { ...ctx.flags, ignorePermissions: true } };
  return getNormalizedList(trusted, doctype, normalizeListArgs(args, 0));
}

/** `getList` for arguments a caller has decoded already (to read `fields` or the page length first). */
export async function getNormalizedList(
  ctx: Context,
  doctype: string,
  args: NormalizedListArgs,
): Promise<ListResult> {
  const meta = ctx.site.meta.getMeta(doctype);
  if (meta.is_virtual) return virtualListPage(ctx, meta, args);
  const { query, columns } = await buildSelect(ctx, meta, args);
  if (query === null) return [];
  logQuery(ctx, args.debug, query);
  const rows = (await query.execute()) as Record<string, unknown>[];
  if (args.pluck !== null) {
    const plucked = columns.find((column) => column.item.label === args.pluck) ?? columns[0];
    return rows.map((row) => (plucked === undefined ? null : outputValue(plucked, row)));
  }
  if (args.asList) return rows.map((row) => columns.map((column) => outputValue(column, row)));
  return rows.map((row) => toObject(columns, row));
}

function toObject(
  columns: readonly OutputColumn[],
  row: Record<string, unknown>,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const column of columns)
    if (column.alias !== null) result[column.item.label] = outputValue(column, row);
  return result;
}

/** A value in Frappe's wire form; trimmed columns read as null (stable `as_list` positions). */
function outputValue({ item, alias }: OutputColumn, row: Record<string, unknown>): unknown {
  if (alias === null) return null;
  const value = row[alias];
  if (value === null || value === undefined) return null;
  if (item.kind === 'column') return serializeValue(item.column.field, value);
  // Drivers return counts and sums as strings or bigints (PostgreSQL, MariaDB decimals).
  if (item.fn === 'count' || item.fn === 'sum' || item.fn === 'avg' || item.column === null)
    return Number(value);
  return serializeValue(item.column.field, value);
}
