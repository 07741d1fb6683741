/**
 * Frappe's list-query filter shapes, as clients send them.
 *
 * @example
 * const f: Filters = [['status', '=', 'Open'], ['ToDo', 'priority', 'in', ['High', 'Medium']]];
 * const d: Filters = { status: 'Open', priority: ['in', ['High']] };
 */
export type FilterValue = string | number | boolean | null | ReadonlyArray<string | number | null>;

/** `[field, operator, value]` or `[doctype, field, operator, value]`. */
export type FilterTuple =
  | readonly [field: string, operator: string, value?: FilterValue]
  | readonly [doctype: string, field: string, operator: string, value?: FilterValue];

/** `{field: value}` or `{field: [operator, value]}`. */
export type FilterDict = Readonly<Record<string, FilterValue | readonly [string, FilterValue?]>>;

/** Any of the three shapes Frappe accepts. */
export type Filters = readonly FilterTuple[] | FilterDict;
