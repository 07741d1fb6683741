import { DataError, PermissionError, ValidationError } from '../../../core/errors/index.js';
import type { WhitelistedMethod } from '../../../engine/runtime/app-definition.js';
import type { Context } from '../../../engine/context.js';
import { decodeFilters, getAll, getList } from '../../../engine/query/index.js';
import type { ListArgs } from '../../../engine/query/list-args.js';
import type { Meta } from '../../../model/meta.js';
import {
  isBlank,
  isPlainObject,
  optionalString,
  parseBool,
  parseCount,
  parseJsonArray,
  requireString,
} from '../../../core/args/arg-values.js';

/**
 * The desk's link-field and search-box lookups, `frappe.desk.search`:
 * `search_widget` answers rows (lists, or objects with `as_dict`) of the
 * documents whose name, title or search fields contain `txt`;
 * `search_link` turns them into `{value, label?, description}` suggestions.
 * `txt` only ever reaches the database as a bound LIKE parameter; a
 * `searchfield` must name a field of the DocType.
 */
const PATH = 'frappe.desk.search';

/** Frappe's page size for link suggestions (not a list's 20). */
const SEARCH_PAGE_LENGTH = 10;

/** Field types whose text a search matches with LIKE (Frappe's list in `search_widget`). */
const SEARCHABLE_TYPES = new Set([
  'Data',
  'Text',
  'Small Text',
  'Long Text',
  'Link',
  'Select',
  'Read Only',
  'Text Editor',
]);

type Row = unknown[] | Record<string, unknown>;

async function searchWidget(args: Record<string, unknown>, ctx: Context): Promise<unknown> {
  const doctype = requireString(args['doctype'], 'doctype');
  const txt = typeof args['txt'] === 'string' ? args['txt'] : '';
  const query = optionalString(args['query'], 'query');
  if (query !== undefined) return customQuery(ctx, query, { ...args, doctype, txt });
  const meta = ctx.site.meta.getMeta(doctype);
  const searchfield = checkedSearchField(meta, optionalString(args['searchfield'], 'searchfield'));
  const asDict = parseBool(args['as_dict'], 'as_dict', false);
  const listArgs: ListArgs = {
    fields: resultFields(meta, searchfield, args['filter_fields']),
    filters: [...filterList(args['filters']), ...activeOnly(meta)],
    or_filters: txt === '' ? [] : searchFilters(meta, txt),
    limit_start: args['start'],
    limit_page_length: isBlank(args['page_length']) ? SEARCH_PAGE_LENGTH : args['page_length'],
    as_list: !asDict,
  };
  // Which DocTypes exist is no secret: Frappe searches DocType without permission checks.
  const rows = (await (doctype === 'DocType' ? getAll : getList)(ctx, doctype, listArgs)) as Row[];
  return byRelevance(rows, txt);
}

async function searchLink(args: Record<string, unknown>, ctx: Context): Promise<unknown> {
  const doctype = requireString(args['doctype'], 'doctype');
  const txt = typeof args['txt'] === 'string' ? args['txt'].trim() : '';
  const rows = (await searchWidget({ ...args, txt, as_dict: 0 }, ctx)) as unknown[];
  const meta = ctx.site.meta.getMeta(doctype);
  return rows.filter(Array.isArray).map((row) => suggestion(meta, row));
}

/**
 * A `query` names a whitelisted search function of an installed app, called
 * with Frappe's arguments; SQL text is refused as in Frappe.
 */
function customQuery(ctx: Context, query: string, args: Record<string, unknown>): unknown {
  if (query.trim().split(/\s+/)[0]?.toLowerCase() === 'select')
    throw new ValidationError('This query style is discontinued');
  const method = ctx.site.apps.method(query);
  if (method === undefined)
    throw new PermissionError(`Function ${query} is not whitelisted.`, {
      title: 'Method Not Allowed',
    });
  return method.handler(
    {
      doctype: args['doctype'],
      txt: args['txt'],
      searchfield: args['searchfield'] ?? 'name',
      start: parseCount(args['start'], 'start') ?? 0,
      page_len: parseCount(args['page_length'], 'page_length') ?? SEARCH_PAGE_LENGTH,
      filters: decodeFilters(args['filters'], 'filters') ?? {},
      as_dict: parseBool(args['as_dict'], 'as_dict', false),
    },
    ctx,
  );
}

/** `name`, or a real field of the DocType (Frappe's `Invalid Search Field`, a DataError). */
function checkedSearchField(meta: Meta, searchfield: string | undefined): string {
  if (searchfield === undefined || searchfield === 'name') return 'name';
  if (meta.valueFields.some((field) => field.fieldname === searchfield)) return searchfield;
  throw new DataError(`Invalid Search Field ${searchfield}`);
}

/** `name`, the title field, the search fields, the searched field, any `filter_fields`; the title as `label` second when links show titles. */
function resultFields(meta: Meta, searchfield: string, filterFields: unknown): string[] {
  const fields = [...new Set(['name', meta.title_field, ...meta.search_fields, searchfield])];
  const extra =
    filterFields === undefined || filterFields === null || filterFields === ''
      ? []
      : parseJsonArray(filterFields, 'filter_fields').map((field) =>
          requireString(field, 'filter_fields'),
        );
  const all = [...new Set([...fields, ...extra])].filter((field) => field !== '');
  if (meta.show_title_field_in_link && meta.title_field !== '')
    all.splice(1, 0, `${meta.title_field} as label`);
  return all;
}

/** `filters` as a list: Frappe turns `{field: value}` and `{field: [op, value]}` into triples. */
function filterList(value: unknown): unknown[] {
  const filters = decodeFilters(value, 'filters');
  if (filters === null) return [];
  if (Array.isArray(filters)) return filters;
  if (!isPlainObject(filters)) return [];
  return Object.entries(filters).map(([field, condition]) =>
    Array.isArray(condition) ? [field, condition[0], condition[1]] : [field, '=', condition],
  );
}

/** Disabled records are not offered. */
function activeOnly(meta: Meta): unknown[][] {
  const checks = new Set(
    meta.valueFields.filter((field) => field.fieldtype === 'Check').map((f) => f.fieldname),
  );
  return [
    ...(checks.has('enabled') ? [['enabled', '=', 1]] : []),
    ...(checks.has('disabled') ? [['disabled', '!=', 1]] : []),
  ];
}

/** `name`, the title and the search fields that hold text, each containing `txt`. */
function searchFilters(meta: Meta, txt: string): unknown[][] {
  const candidates = [...new Set(['name', meta.title_field, ...meta.search_fields])];
  return candidates
    .filter((fieldname) => {
      if (fieldname === 'name') return true;
      const field = meta.getField(fieldname);
      return field !== undefined && SEARCHABLE_TYPES.has(field.fieldtype);
    })
    .map((fieldname) => [fieldname, 'like', `%${txt}%`]);
}

/** Frappe's relevance order: names that start with `txt` first, then by name. */
function byRelevance(rows: Row[], txt: string): Row[] {
  const prefix = txt.toLowerCase();
  const keyed = rows.map((row) => {
    const name = String((Array.isArray(row) ? row[0] : row['name']) ?? '');
    return { row, name, rank: name.toLowerCase().startsWith(prefix) ? 0 : 1 };
  });
  keyed.sort((a, b) => a.rank - b.rank || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return keyed.map((entry) => entry.row);
}

/** One suggestion (Frappe's `build_for_autosuggest`). */
function suggestion(meta: Meta, row: unknown[]): Record<string, unknown> {
  if (!meta.show_title_field_in_link) return { value: row[0], description: describe(row.slice(1)) };
  const [value, label = value, ...rest] = row;
  const details = rest[0] === label ? rest.slice(1) : rest;
  return { value, label, description: describe([value, ...details]) };
}

/** The non-empty values, each once, joined by commas. */
function describe(parts: readonly unknown[]): string {
  const texts = parts
    .filter((part) => part !== null && part !== undefined && part !== '' && part !== 0)
    .map(String);
  return [...new Set(texts)].join(', ');
}

export const SEARCH_METHODS: readonly WhitelistedMethod[] = [
  { path: `${PATH}.search_widget`, handler: searchWidget },
  { path: `${PATH}.search_link`, handler: searchLink },
];
