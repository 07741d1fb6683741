import type { Context } from '../../engine/context.js';
import { getCount, getList } from '../../engine/query/index.js';
import { expandListRows } from './expand-links.js';
import {
  parseExpand,
  parseFields,
  parseFilters,
  toListArgs,
  type PageSizeSource,
} from './list-args.js';
import { parseBool } from '../../core/args/arg-values.js';

/**
 * A list read as `frappe.client.get_list` and `GET /api/resource/{doctype}`
 * run it: the query through the engine (permissions applied there), then
 * `expand` of the selected Link fields the user may read.
 */
export async function runListQuery(
  ctx: Context,
  doctype: string,
  args: Record<string, unknown>,
  source: PageSizeSource,
): Promise<unknown[]> {
  const fields = parseFields(args['fields']);
  const listArgs = { ...toListArgs(args, source), fields };
  const rows = await getList(ctx, doctype, listArgs);
  const expand = source === 'v2' ? [] : parseExpand(args['expand'], fields);
  if (expand.length === 0 || listArgs.as_list === true) return rows;
  return expandListRows(
    ctx,
    ctx.site.meta.getMeta(doctype),
    rows as Record<string, unknown>[],
    expand,
  );
}

/** Count with the list filters (`frappe.client.get_count`, v2 `/doctype/{dt}/count`). */
export async function runCountQuery(
  ctx: Context,
  doctype: string,
  args: Record<string, unknown>,
): Promise<number> {
  const filters = parseFilters(args['filters'], 'filters');
  return getCount(ctx, doctype, {
    ...(filters === undefined ? {} : { filters }),
    debug: parseBool(args['debug'], 'debug', false),
  });
}
