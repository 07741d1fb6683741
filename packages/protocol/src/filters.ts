/**
 * Frappe's list-query filter shapes, as clients send them.
 *
 * @example
 * const f: Filters = [['status', '=', 'Open'], ['ToDo', 'priority', 'in', ['High', 'Medium']]];
 * const d: Filters = { status: 'Open', priority: ['in', ['High']] };
 */
export type FilterValue = string | number | boolean | null | ReadonlyArray<string | number | null>;

/**
 * Every filter operator of the query language (docs/spec/query-language.md §4.4), lower-case.
 * The server matches them without regard to case.
 */
export const FILTER_OPERATORS = [
  '=',
  '!=',
  '>',
  '<',
  '>=',
  '<=',
  'like',
  'not like',
  'in',
  'not in',
  'is',
  'between',
  'timespan',
  'previous',
  'next',
  'descendants of',
  'ancestors of',
  'not descendants of',
  'not ancestors of',
  'descendants of (inclusive)',
] as const;

/** A filter operator, as listed in {@link FILTER_OPERATORS}. */
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

/** `[field, operator, value]` or `[doctype, field, operator, value]`. */
export type FilterTuple =
  | readonly [field: string, operator: string, value?: FilterValue]
  | readonly [doctype: string, field: string, operator: string, value?: FilterValue];

/** `{field: value}` or `{field: [operator, value]}`. */
export type FilterDict = Readonly<Record<string, FilterValue | readonly [string, FilterValue?]>>;

/** Any of the three shapes Frappe accepts. */
export type Filters = readonly FilterTuple[] | FilterDict;
