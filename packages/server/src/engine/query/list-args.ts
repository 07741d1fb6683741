import { ValidationError } from '../../core/errors/index.js';

/**
 * Arguments of a list query, with Frappe's key names (`frappe.get_list`,
 * `/api/resource/{doctype}`). Values may arrive as JSON strings (HTTP query
 * strings) or already parsed (JSON bodies, engine callers).
 *
 * @example
 * const args: ListArgs = { fields: ['name', 'status'], filters: { status: 'Open' }, limit_page_length: 50 };
 */
export interface ListArgs {
  fields?: unknown;
  filters?: unknown;
  or_filters?: unknown;
  order_by?: string | null;
  group_by?: string | null;
  limit_start?: number | string | null;
  limit_page_length?: number | string | null;
  /** Alias of `limit_page_length` (used when that is absent). */
  limit?: number | string | null;
  /** Alias of `limit_page_length` (Python API / report view). */
  page_length?: number | string | null;
  distinct?: boolean | number | string | null;
  pluck?: string | null;
  as_list?: boolean | number | string | null;
  /** Parent DocType, required to list a child-table DocType. */
  parent?: string | null;
  /** Accepted for compatibility and ignored. */
  with_comment_count?: unknown;
  /** Frappe's `debug`: the query goes to the request's debug log (System Managers only). */
  debug?: boolean | number | string | null;
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

/** Page length when the caller gives none (every Frappe HTTP list endpoint). */
export const DEFAULT_PAGE_LENGTH = 20;

/** Decodes and checks `args`; malformed JSON or bad numbers raise a ValidationError (417). */
export function normalizeListArgs(
  args: ListArgs,
  defaultPageLength = DEFAULT_PAGE_LENGTH,
): NormalizedListArgs {
  const pluck = optionalString(args.pluck, 'pluck');
  return {
    fields: normalizeFields(decodeJson(args.fields, 'fields'), pluck),
    filters: decodeJson(args.filters, 'filters'),
    orFilters: decodeJson(args.or_filters, 'or_filters'),
    orderBy: optionalString(args.order_by, 'order_by'),
    groupBy: optionalString(args.group_by, 'group_by'),
    limitStart: toCount(args.limit_start, 'limit_start') ?? 0,
    pageLength: pageLength(args) ?? defaultPageLength,
    distinct: toFlag(args.distinct),
    pluck,
    asList: toFlag(args.as_list),
    parent: optionalString(args.parent, 'parent'),
    debug: toFlag(args.debug),
  };
}

/** Parses `value` when it is a string holding JSON; other values pass through. */
export function decodeJson(value: unknown, name: string): unknown {
  if (typeof value !== 'string') return value ?? null;
  const text = value.trim();
  if (text === '') return null;
  if (!/^[[{"]/.test(text)) return value;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ValidationError(`Invalid JSON in ${name}`, { cause: error });
  }
}

function normalizeFields(fields: unknown, pluck: string | null): readonly unknown[] {
  if (fields === null || fields === undefined || fields === '') return [pluck ?? 'name'];
  // Frappe takes a bare string as one field ("*" or "name"); the report view splits nothing.
  const list = Array.isArray(fields) ? fields : [fields];
  const kept = list.filter((item) => item !== null && item !== '');
  return kept.length === 0 ? [pluck ?? 'name'] : kept;
}

function pageLength(args: ListArgs): number | null {
  const candidates = [args.limit_page_length, args.limit, args.page_length];
  const given = candidates.find((value) => value !== undefined && value !== null && value !== '');
  return given === undefined ? null : toCount(given, 'limit_page_length');
}

function toCount(value: unknown, name: string): number | null {
  if (value === undefined || value === null || value === '') return null;
  const number = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isSafeInteger(number) || number < 0) {
    throw new ValidationError(`${name} must be a non-negative whole number`);
  }
  return number;
}

function toFlag(value: unknown): boolean {
  if (typeof value === 'string')
    return !['', '0', 'false', 'no'].includes(value.trim().toLowerCase());
  return Boolean(value);
}

function optionalString(value: unknown, name: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw new ValidationError(`${name} must be a string`);
  return value;
}
