import { sql } from '../../platform/db/kysely.js';
import type { Context } from '../context.js';
import { listVirtual } from '../store/virtual-doctype.js';
import { buildSelect } from './build-select.js';
import { logQuery } from './debug-query.js';
import { normalizeListArgs, type ListArgs } from './list-args.js';

/** Arguments of `getCount`: the filtering part of `ListArgs`. */
export type CountArgs = Pick<
  ListArgs,
  'filters' | 'or_filters' | 'distinct' | 'group_by' | 'parent' | 'debug'
>;

/**
 * Frappe's `frappe.client.get_count`: `count(name)` under the same filters and
 * permissions as `getList` (docs/spec/query-language.md §10). `distinct` counts each
 * document once when child-table filters multiply rows; with `group_by` the
 * result is the number of groups.
 *
 * @example
 * await getCount(ctx, 'ToDo', { filters: { status: 'Open' } }); // 12
 */
export async function getCount(
  ctx: Context,
  doctype: string,
  args: CountArgs = {},
): Promise<number> {
  const meta = ctx.site.meta.getMeta(doctype);
  const normalized = normalizeListArgs({ ...args, limit_page_length: 0 });
  if (meta.is_virtual) return (await listVirtual(ctx, meta, normalized)).length;
  // `name` is never null, so count(*) is the same number, and it lets SQLite answer
  // from a covering index instead of visiting every row (35x at 1M rows).
  const fields = [normalized.distinct ? 'count(distinct name)' : 'count(*)'];
  const { query } = await buildSelect(ctx, meta, {
    ...normalized,
    fields,
    orderBy: null,
    distinct: false,
  });
  if (query === null) return 0;
  logQuery(ctx, normalized.debug, query);
  // One row per group with group_by: the count is the number of groups.
  if (normalized.groupBy === null) return Number((await query.executeTakeFirst())?.c0 ?? 0);
  const grouped = await ctx.uow.db
    .selectFrom(query.clearOrderBy().as('grouped'))
    .select(sql`count(*)`.as('n'))
    .executeTakeFirst();
  return Number(grouped?.n ?? 0);
}
