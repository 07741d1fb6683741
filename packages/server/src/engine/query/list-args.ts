import {
  isBlank,
  isPlainObject,
  optionalString,
  parseBool,
  parseCount,
  parseJsonArg,
} from '../../core/args/arg-values.js';
import { ValidationError } from '../../core/errors/index.js';

/**
 * Arguments of a list query, with Frappe's key names (`frappe.get_list`,
 * `/api/resource/{doctype}`). Values may arrive as JSON strings (HTTP query
 * strings) or already parsed (JSON bodies, engine callers); `normalizeListArgs`
 * decodes them, once, for every caller.
 *
 * @example
 * const args: ListArgs = { fields: ['name', 'status'], filters: { status: 'Open' }, limit_page_length: 50 };
 */
export interface ListArgs {
  fields?: unknown;
  filters?: unknown;
  or_filters?: unknown;
  order_by?: unknown;
  group_by?: unknown;
  limit_start?: unknown;
  limit_page_length?: unknown;
  /** Alias of `limit_page_length` (used when that is absent). */
  limit?: unknown;
  /** Alias of `limit_page_length` (Python API / report view). */
  page_length?: unknown;
  distinct?: unknown;
  pluck?: unknown;
  as_list?: unknown;
  /** The HTTP endpoints' inverse of `as_list` (default true); read when `as_list` is absent. */
  as_dict?: unknown;
  /** Parent DocType, required to list a child-table DocType. */
  parent?: unknown;
  /** Accepted for compatibility and ignored. */
  with_comment_count?: unknown;
  /** Frappe's `debug`: the query goes to the request's debug log (System Managers only). */
  debug?: unknown;
}

/** `ListArgs` after decoding: JSON parsed, aliases folded, defaults applied. */
export interface NormalizedListArgs {
  readonly fields: readonly unknown[];
  readonly filters: unknown;
  readonly orFilters: unknown;
  readonly orderBy: string | null;
  readonly groupBy: string | null;
  readonly limitStart: number;
  /** 0 means no limit. */
  readonly pageLength: number;
  readonly distinct: boolean;
  readonly pluck: string | null;
  readonly asList: boolean;
  readonly parent: string | null;
  readonly debug: boolean;
}

/** Page length when the caller gives none (every Frappe HTTP list endpoint, docs/spec/query-language.md §7). */
export const DEFAULT_PAGE_LENGTH = 20;

/**
 * The one decoder of list arguments: JSON parsed, numbers and booleans
 * checked, each mistake answered with one ValidationError text (417).
 *
 * @example
 * normalizeListArgs({ fields: '["name"]', limit_page_length: '5' }).pageLength; // 5
 */
export function normalizeListArgs(
  args: ListArgs,
  defaultPageLength = DEFAULT_PAGE_LENGTH,
): NormalizedListArgs {
  const pluck = optionalString(args.pluck, 'pluck') ?? null;
  return {
    fields: decodeFields(args.fields, pluck),
    filters: decodeFilters(args.filters, 'filters'),
    orFilters: decodeFilters(args.or_filters, 'or_filters'),
    orderBy: optionalString(args.order_by, 'order_by') ?? null,
    groupBy: optionalString(args.group_by, 'group_by') ?? null,
    limitStart: parseCount(args.limit_start, 'limit_start') ?? 0,
    pageLength: pageLength(args) ?? defaultPageLength,
    distinct: parseBool(args.distinct, 'distinct', false),
    pluck,
    asList: isBlank(args.as_list)
      ? !parseBool(args.as_dict, 'as_dict', true)
      : parseBool(args.as_list, 'as_list', false),
    parent: optionalString(args.parent, 'parent') ?? null,
    debug: parseBool(args.debug, 'debug', false),
  };
}

/** Parses `value` when it is a string holding JSON; other values pass through, blanks become null. */
export function decodeJson(value: unknown, name: string): unknown {
  return parseJsonArg(value, name) ?? null;
}

/** `filters` / `or_filters`: a JSON list or object, or null when absent; anything else is refused. */
export function decodeFilters(value: unknown, name: string): unknown {
  const filters = decodeJson(value, name);
  if (isBlank(filters) || Array.isArray(filters) || isPlainObject(filters)) return filters ?? null;
  throw new ValidationError('Filters must be a list or an object');
}

/**
 * `fields`: a JSON array of field expressions (strings, or v16's aggregate
 * objects), a bare string (`*`, `name`), or nothing (`pluck`, else `name`).
 * Empty entries are dropped (docs/spec/query-language.md §3.1); a nested list is left
 * for the field parser, which answers it with Frappe's "not permitted".
 */
function decodeFields(value: unknown, pluck: string | null): readonly unknown[] {
  const fields = decodeJson(value, 'fields');
  const list = typeof fields === 'string' ? [fields] : fields;
  if (fields === null) return [pluck ?? 'name'];
  if (!Array.isArray(list) || !list.every(isFieldEntry))
    throw new ValidationError('fields must be a JSON array of field names');
  const kept = list.filter((item) => !isBlank(item));
  return kept.length === 0 ? [pluck ?? 'name'] : kept;
}

function isFieldEntry(item: unknown): boolean {
  return isBlank(item) || typeof item === 'string' || typeof item === 'object';
}

function pageLength(args: ListArgs): number | null {
  const given = [args.limit_page_length, args.limit, args.page_length].find((v) => !isBlank(v));
  return parseCount(given, 'limit_page_length') ?? null;
}
