import { isBlank, parseJsonArg } from '../../core/args/arg-values.js';
import { ValidationError } from '../../core/errors/index.js';
import type { ListArgs } from '../../engine/query/list-args.js';

/** Where the list arguments come from; the endpoints differ only in the names they accept. */
export type PageSizeSource = 'get_list' | 'resource' | 'v2';

/**
 * Maps a list endpoint's argument names onto the engine's `ListArgs`, values
 * untouched: the engine's `normalizeListArgs` decodes them, once. Unknown
 * keys are dropped, so no endpoint reaches an argument it does not document.
 *
 * @example
 * toListArgs({ fields: '["name"]', limit: '5' }, 'resource') // { fields: '["name"]', limit_page_length: '5', … }
 */
export function toListArgs(args: Record<string, unknown>, source: PageSizeSource): ListArgs {
  const listArgs: ListArgs = {
    fields: args['fields'],
    filters: args['filters'],
    limit_start: source === 'v2' ? (args['start'] ?? args['limit_start']) : args['limit_start'],
    limit_page_length: pageLength(args, source),
    as_dict: args['as_dict'],
    debug: args['debug'],
    order_by: args['order_by'],
    group_by: args['group_by'],
    parent: args['parent'],
  };
  if (source !== 'v2') listArgs.or_filters = args['or_filters'];
  return listArgs;
}

/**
 * `limit_page_length`, with the aliases each endpoint accepts: v1 resource
 * takes `limit` only when `limit_page_length` is absent (a JSON number 0 then
 * means the default), v2 takes `limit` only, `frappe.client.get_list` no alias.
 * 0 means "no limit" (docs/spec/query-language.md §7).
 */
function pageLength(args: Record<string, unknown>, source: PageSizeSource): unknown {
  if (source === 'v2') return args['limit'];
  const explicit = args['limit_page_length'];
  if (!isBlank(explicit) || source === 'get_list') return explicit;
  return args['limit'] === 0 ? undefined : args['limit'];
}

/**
 * `expand`: Link fieldnames whose values become the linked records. Frappe
 * keeps only names that are also selected, unless every field is (docs/spec/api-rest-rpc.md §4.1).
 */
export function parseExpand(value: unknown, fields: readonly unknown[]): string[] {
  const parsed = parseJsonArg(value, 'expand');
  if (isBlank(parsed)) return [];
  const names = Array.isArray(parsed) ? parsed : [parsed];
  if (!names.every((name): name is string => typeof name === 'string')) {
    throw new ValidationError('expand must be a JSON array of field names');
  }
  if (fields.includes('*')) return names;
  return names.filter((name) => fields.includes(name));
}
