import type { Context } from '../context.js';
import { getDoc } from '../operations/get-doc.js';
import { filterReadable } from '../permissions/read-fields.js';
import { getList } from './get-list.js';
import { decodeJson } from './list-args.js';

/**
 * Frappe's `frappe.client.get_value`: the first row matching `filtersOrName`
 * (a document name means `{name: …}`) in the DocType's default order.
 * With `asDict` (Frappe's default) the row as an object, `{}` when nothing
 * matches; otherwise the single value, or an array when several fields are
 * asked for, and `undefined` when nothing matches.
 *
 * @example
 * await getValue(ctx, 'ToDo', 'TD-0001', ['status', 'priority']); // { status: 'Open', priority: 'High' }
 * await getValue(ctx, 'ToDo', { status: 'Open' }, 'name', false);  // 'TD-0007'
 */
export async function getValue(
  ctx: Context,
  doctype: string,
  filtersOrName: unknown,
  fieldnames: string | readonly string[] = 'name',
  asDict = true,
  options: { readonly parent?: string } = {},
): Promise<unknown> {
  const decoded = decodeJson(filtersOrName, 'filters');
  const filters =
    typeof decoded === 'string' || typeof decoded === 'number'
      ? { name: String(decoded) }
      : decoded;
  const requested = decodeJson(fieldnames, 'fieldname');
  const fields = Array.isArray(requested) ? requested : [requested ?? 'name'];
  if (ctx.site.meta.getMeta(doctype).issingle) return singleValue(ctx, doctype, fields, asDict);
  const rows = await getList(ctx, doctype, {
    fields,
    filters,
    limit_page_length: 1,
    parent: options.parent ?? null,
    as_list: !asDict,
  });
  const first = rows[0];
  if (asDict) return first ?? {};
  if (!Array.isArray(first)) return undefined;
  return fields.length > 1 ? first : first[0];
}

/**
 * Frappe's `get_value` on a Single reads its one document (filters play no
 * part), with the caller's read permission and read filter: a field the
 * caller may not read comes back as if it were empty.
 */
async function singleValue(
  ctx: Context,
  doctype: string,
  fields: readonly unknown[],
  asDict: boolean,
): Promise<unknown> {
  const doc = filterReadable(ctx, await getDoc(ctx, doctype, doctype)) as Record<string, unknown>;
  const names = fields.map(String);
  if (asDict) return Object.fromEntries(names.map((name) => [name, doc[name] ?? null]));
  const values = names.map((name) => doc[name] ?? null);
  return names.length > 1 ? values : values[0];
}
