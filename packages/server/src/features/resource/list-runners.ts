import type { Context } from '../../engine/context.js';
import { checkPermission } from '../../engine/permissions/index.js';
import { getCount, getNormalizedList, normalizeListArgs } from '../../engine/query/index.js';
import { expandListRows } from './expand-links.js';
import { parseExpand, toListArgs, type PageSizeSource } from './list-args.js';

/**
 * A list read as `frappe.client.get_list` and `GET /api/resource/{doctype}`
 * run it: the arguments decoded once, the query through the engine
 * (permissions applied there), then `expand` of the selected Link fields the
 * user may read.
 */
export async function runListQuery(
  ctx: Context,
  doctype: string,
  args: Record<string, unknown>,
  source: PageSizeSource,
): Promise<unknown[]> {
  const listArgs = normalizeListArgs(toListArgs(args, source));
  const rows = await getNormalizedList(ctx, doctype, listArgs);
  const expand = source === 'v2' ? [] : parseExpand(args['expand'], listArgs.fields);
  if (expand.length === 0 || listArgs.asList) return rows;
  return expandListRows(
    ctx,
    ctx.site.meta.getMeta(doctype),
    rows as Record<string, unknown>[],
    expand,
  );
}

/**
 * v2's list page (docs/spec/api-rest-rpc.md §12): `start`/`limit`, and `has_next_page`
 * from one extra row. `limit=0` is an empty page, as in v16.
 */
export async function runListPage(
  ctx: Context,
  doctype: string,
  args: Record<string, unknown>,
): Promise<{ data: unknown[]; has_next_page: boolean }> {
  const listArgs = normalizeListArgs(toListArgs(args, 'v2'));
  const limit = listArgs.pageLength;
  if (limit === 0) {
    await checkPermission(ctx, doctype, 'read');
    return { data: [], has_next_page: false };
  }
  const rows = await getNormalizedList(ctx, doctype, { ...listArgs, pageLength: limit + 1 });
  return { data: rows.slice(0, limit), has_next_page: rows.length > limit };
}

/** Count with the list filters (`frappe.client.get_count`, v2 `/doctype/{dt}/count`). */
export async function runCountQuery(
  ctx: Context,
  doctype: string,
  args: Record<string, unknown>,
): Promise<number> {
  return getCount(ctx, doctype, { filters: args['filters'], debug: args['debug'] });
}
