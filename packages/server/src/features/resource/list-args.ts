import { ValidationError } from '../../core/errors/index.js';
import type { ListArgs } from '../../engine/query/list-args.js';
import {
  isPlainObject,
  optionalString,
  parseBool,
  parseCount,
  parseJsonArg,
} from '../../core/args/arg-values.js';

/** Frappe's default page size for every HTTP list endpoint (query-language.md §7). */
const DEFAULT_PAGE_LENGTH = 20;

/** Where the list arguments come from; the endpoints differ only in their page-size aliases. */
export type PageSizeSource = 'get_list' | 'resource' | 'v2';

/**
 * Turns the raw request arguments of a list endpoint into the engine's
 * `ListArgs`: JSON parameters decoded (a string or a native value, §14.18),
 * numbers and booleans checked, unknown keys dropped.
 *
 * @example
 * toListArgs({ fields: '["name"]', limit: '5' }, 'resource') // { fields: ['name'], limit_page_length: 5, … }
 */
export function toListArgs(args: Record<string, unknown>, source: PageSizeSource): ListArgs {
  const listArgs: ListArgs = {
    fields: parseFields(args['fields']),
    limit_start:
      parseCount(
        source === 'v2' ? (args['start'] ?? args['limit_start']) : args['limit_start'],
        'limit_start',
      ) ?? 0,
    limit_page_length: pageLength(args, source),
    as_list: !parseBool(args['as_dict'], 'as_dict', true),
    debug: parseBool(args['debug'], 'debug', false),
  };
  const filters = parseFilters(args['filters'], 'filters');
  if (filters !== undefined) listArgs.filters = filters;
  const orFilters = source === 'v2' ? undefined : parseFilters(args['or_filters'], 'or_filters');
  if (orFilters !== undefined) listArgs.or_filters = orFilters;
  const orderBy = optionalString(args['order_by'], 'order_by');
  if (orderBy !== undefined) listArgs.order_by = orderBy;
  const groupBy = optionalString(args['group_by'], 'group_by');
  if (groupBy !== undefined) listArgs.group_by = groupBy;
  const parent = optionalString(args['parent'], 'parent');
  if (parent !== undefined) listArgs.parent = parent;
  return listArgs;
}

/** One `fields` entry: a field expression, or v16's object form of an aggregate (`{"COUNT": "*"}`). */
export type FieldEntry = string | Record<string, unknown>;

/** `fields`: a JSON array of strings (or aggregate objects), or `*`; empty entries are ignored (§3.1). */
export function parseFields(value: unknown): FieldEntry[] {
  const parsed = parseJsonArg(value, 'fields');
  if (parsed === undefined || parsed === null || parsed === '') return ['name'];
  if (parsed === '*') return ['*'];
  if (typeof parsed === 'string') return [parsed];
  if (!Array.isArray(parsed))
    throw new ValidationError("Argument 'fields' must be a JSON array of field names");
  const fields = parsed.filter((field) => field !== null && field !== '');
  if (
    !fields.every((field): field is FieldEntry => typeof field === 'string' || isPlainObject(field))
  ) {
    throw new ValidationError("Argument 'fields' must be a JSON array of field names");
  }
  return fields.length === 0 ? ['name'] : fields;
}

/** `filters` / `or_filters`: a JSON array or object; anything else is rejected before SQL is built. */
export function parseFilters(value: unknown, argName: string): ListArgs['filters'] {
  const parsed = parseJsonArg(value, argName);
  if (parsed === undefined || parsed === null || parsed === '') return undefined;
  if (Array.isArray(parsed) || isPlainObject(parsed)) return parsed as ListArgs['filters'];
  throw new ValidationError(`Argument '${argName}' must be a JSON list or object of filters`);
}

/**
 * `limit_page_length`, with the aliases each endpoint accepts: v1 resource
 * takes `limit` only when `limit_page_length` is absent (a JSON number 0 then
 * means the default), v2 takes `limit` only, `frappe.client.get_list` no alias.
 * 0 means "no limit" (§7).
 */
function pageLength(args: Record<string, unknown>, source: PageSizeSource): number {
  if (source === 'v2') return parseCount(args['limit'], 'limit') ?? DEFAULT_PAGE_LENGTH;
  const explicit = parseCount(args['limit_page_length'], 'limit_page_length');
  if (explicit !== undefined || source === 'get_list') return explicit ?? DEFAULT_PAGE_LENGTH;
  if (args['limit'] === 0) return DEFAULT_PAGE_LENGTH;
  return parseCount(args['limit'], 'limit') ?? DEFAULT_PAGE_LENGTH;
}

/**
 * `expand`: Link fieldnames whose values become the linked records. Frappe
 * keeps only names that are also selected, unless every field is (§4.1).
 */
export function parseExpand(value: unknown, fields: readonly FieldEntry[]): string[] {
  const parsed = parseJsonArg(value, 'expand');
  if (parsed === undefined || parsed === null || parsed === '') return [];
  const names = Array.isArray(parsed) ? parsed : [parsed];
  if (!names.every((name): name is string => typeof name === 'string')) {
    throw new ValidationError("Argument 'expand' must be a JSON array of field names");
  }
  if (fields.includes('*')) return names;
  return names.filter((name) => fields.includes(name));
}
