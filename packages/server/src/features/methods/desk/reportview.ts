import type { WhitelistedMethod } from '../../../engine/runtime/app-definition.js';
import type { Context } from '../../../engine/context.js';
import { deleteDoc } from '../../../engine/document.js';
import { msgprint } from '../../../engine/runtime/msgprint.js';
import { getCount, getList } from '../../../engine/query/index.js';
import type { ListArgs } from '../../../engine/query/list-args.js';
import { toListArgs } from '../../resource/list-args.js';
import { isBlank, parseJsonArray, requireString } from '../../../core/args/arg-values.js';

/**
 * The desk list view's endpoints (docs/spec/api-rest-rpc.md §6.8,
 * docs/spec/query-language.md §9): `frappe.desk.reportview.get_list` (rows as
 * objects), `.get` (the same rows compressed to `keys` + `values`) and
 * `.get_count`. They take the whole parameter set: `start`/`page_length`
 * besides `limit_start`/`limit_page_length`, `distinct`, `pluck`.
 */
async function reportRows(args: Record<string, unknown>, ctx: Context): Promise<unknown[]> {
  const doctype = requireString(args['doctype'], 'doctype');
  return getList(ctx, doctype, reportListArgs(args));
}

/** The desk's names onto the engine's (`start`, `page_length` win); the engine decodes them. */
function reportListArgs(args: Record<string, unknown>): ListArgs {
  const listArgs = toListArgs(
    {
      ...args,
      ...(isBlank(args['page_length']) ? {} : { limit_page_length: args['page_length'] }),
      ...(isBlank(args['start']) ? {} : { limit_start: args['start'] }),
    },
    'get_list',
  );
  return { ...listArgs, distinct: args['distinct'], pluck: args['pluck'] };
}

/**
 * Frappe's `compress`: the column names once, then each row as a list; an
 * empty result stays an empty list.
 */
function compress(rows: unknown[]): unknown {
  const first = rows[0];
  if (first === undefined || typeof first !== 'object' || first === null || Array.isArray(first))
    return rows;
  const keys = Object.keys(first);
  const values = rows.map((row) =>
    keys.map((key) => (row as Record<string, unknown>)[key] ?? null),
  );
  return { keys, values, user_info: {} };
}

/**
 * `delete_items`: the list view's bulk delete. Each document goes in its own
 * savepoint; while some fail and others succeed the failed ones are tried
 * again (a deleted document may have been what blocked them). The outcome
 * is a message, never an error, as in Frappe. Frappe hands more than ten
 * names to a background job; here they are deleted within the request, so
 * the caller sees the result at once.
 */
async function deleteItems(args: Record<string, unknown>, ctx: Context): Promise<undefined> {
  const doctype = requireString(args['doctype'], 'doctype');
  const items = parseJsonArray(args['items'], 'items').map((item) => requireString(item, 'items'));
  let pending = [...new Set(items)].sort().reverse();
  for (;;) {
    const failed: string[] = [];
    for (const name of pending) {
      try {
        await ctx.uow.nested(() => deleteDoc(ctx, doctype, name));
      } catch {
        failed.push(name);
      }
    }
    if (failed.length === 0 || failed.length === pending.length) {
      reportDeletion(ctx, failed);
      return undefined;
    }
    pending = failed;
  }
}

function reportDeletion(ctx: Context, failed: readonly string[]): void {
  if (failed.length === 0) {
    msgprint(ctx, 'Deleted all documents successfully', { title: 'Bulk Operation Successful' });
    return;
  }
  msgprint(ctx, `Failed to delete ${failed.length} documents: ${failed.join(', ')}`, {
    title: 'Bulk Operation Failed',
  });
}

const PATH = 'frappe.desk.reportview';

export const REPORTVIEW_METHODS: readonly WhitelistedMethod[] = [
  { path: `${PATH}.get_list`, handler: reportRows },
  {
    path: `${PATH}.get`,
    handler: async (args, ctx) => compress(await reportRows({ ...args, as_dict: true }, ctx)),
  },
  { path: `${PATH}.delete_items`, methods: ['POST', 'DELETE'], handler: deleteItems },
  {
    path: `${PATH}.get_count`,
    handler: (args, ctx) =>
      getCount(ctx, requireString(args['doctype'], 'doctype'), {
        filters: args['filters'],
        or_filters: args['or_filters'],
        distinct: args['distinct'],
        debug: args['debug'],
      }),
  },
];
