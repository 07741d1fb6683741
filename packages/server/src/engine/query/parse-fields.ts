import { DataError, ValidationError, type FrappeError } from '../../core/errors/index.js';
import { notPermitted, type FieldResolver } from './field-resolver.js';
import { AGGREGATES, type Aggregate, type ColumnRef, type SelectItem } from './query-ast.js';

/** Longest select element accepted; real ones are a few dozen characters. */
const MAX_ELEMENT_LENGTH = 500;

/** Functions Frappe names in its "restricted" message (docs/spec/query-language.md §3.4). */
const BLOCKED_FUNCTIONS = new Set([
  'concat',
  'concat_ws',
  'if',
  'ifnull',
  'nullif',
  'coalesce',
  'connection_id',
  'current_user',
  'database',
  'last_insert_id',
  'session_user',
  'system_user',
  'user',
  'version',
  'global',
]);

const ALIAS = /^(.*?)\s+as\s+(`?)(\w+)\2$/i;
const CALL = /^(\w+)\s*\(\s*(distinct\s+)?(.*?)\s*\)$/i;

/**
 * Parses the `fields` list into select items. Each element is matched against
 * an allow-list grammar (column reference or `count|sum|avg|min|max(column)`,
 * optional `as alias`); Frappe's messages are kept for the inputs Frappe rejects.
 * `canRead` decides field-level permission; unreadable columns stay in the list
 * marked `readable: false` so `as_list` positions stay stable.
 *
 * @example
 * parseFields(['status', 'count(name) as n'], resolver, () => true);
 */
export function parseFields(
  fields: readonly unknown[],
  resolver: FieldResolver,
  canRead: (column: ColumnRef) => boolean,
): SelectItem[] {
  return fields.flatMap((element): SelectItem[] => {
    if (isAggregateObject(element)) return [parseAggregateObject(element, resolver, canRead)];
    if (typeof element !== 'string') throw notPermitted(JSON.stringify(element) ?? String(element));
    const text = element.trim();
    if (text === '*') return starColumns(resolver, canRead);
    return [parseElement(text, resolver, canRead)];
  });
}

function starColumns(
  resolver: FieldResolver,
  canRead: (column: ColumnRef) => boolean,
): SelectItem[] {
  return resolver
    .allColumns()
    .filter(canRead)
    .map((column) => ({ kind: 'column', column, label: column.field.fieldname, readable: true }));
}

function parseElement(
  text: string,
  resolver: FieldResolver,
  canRead: (column: ColumnRef) => boolean,
): SelectItem {
  rejectHostile(text);
  const aliased = ALIAS.exec(text);
  const expression = aliased?.[1]?.trim() ?? text;
  const alias = aliased?.[3];
  const call = CALL.exec(expression);
  if (call === null) {
    const column = resolver.resolve(expression);
    return {
      kind: 'column',
      column,
      label: alias ?? column.field.fieldname,
      readable: canRead(column),
    };
  }
  const fn = aggregateName(call[1] ?? '');
  const column = aggregateArgument(fn, call[3] ?? '', resolver);
  return {
    kind: 'aggregate',
    fn,
    distinct: call[2] !== undefined,
    column,
    label: alias ?? expression,
    readable: column === null || canRead(column),
  };
}

function isAggregateObject(element: unknown): element is Record<string, unknown> {
  return typeof element === 'object' && element !== null && !Array.isArray(element);
}

/**
 * v16's object form of an aggregate: `{"COUNT": "*"}`, `{"SUM": "amount",
 * "as": "total"}` — one function key, its column (or `*` for COUNT), and
 * an optional alias. Labelled like the string form (`count(*)`).
 */
function parseAggregateObject(
  element: Record<string, unknown>,
  resolver: FieldResolver,
  canRead: (column: ColumnRef) => boolean,
): SelectItem {
  const { as: alias, ...call } = element;
  const entries = Object.entries(call);
  const [name, argument] = entries[0] ?? [];
  if (
    entries.length !== 1 ||
    name === undefined ||
    typeof argument !== 'string' ||
    (alias !== undefined && (typeof alias !== 'string' || !/^\w+$/.test(alias)))
  )
    throw notPermitted(JSON.stringify(element));
  const fn = aggregateName(name);
  const column = aggregateArgument(fn, argument.trim(), resolver);
  return {
    kind: 'aggregate',
    fn,
    distinct: false,
    column,
    label: typeof alias === 'string' ? alias : `${fn}(${argument.trim()})`,
    readable: column === null || canRead(column),
  };
}

/** The aggregate function named `name`; any other function is refused. */
export function aggregateName(name: string): Aggregate {
  const lower = name.toLowerCase();
  const fn = AGGREGATES.find((candidate) => candidate === lower);
  if (fn === undefined) throw new DataError(`Use of function ${lower} in field is restricted`);
  return fn;
}

/** The column an aggregate runs over; `*` (null) only for `count`. */
export function aggregateArgument(
  fn: Aggregate,
  argument: string,
  resolver: FieldResolver,
): ColumnRef | null {
  if (argument === '*') {
    if (fn !== 'count') throw notPermitted('*');
    return null;
  }
  const column = resolver.resolve(argument);
  if ((fn === 'sum' || fn === 'avg') && column.kind !== 'number') {
    throw new ValidationError(`${fn}() needs a numeric field, not ${column.field.fieldname}`);
  }
  return column;
}

/**
 * Frappe's sanitiser checks, kept for their error classes and messages. The
 * grammar above would refuse these inputs anyway; this only picks the message.
 */
function rejectHostile(text: string): void {
  const lower = text.toLowerCase();
  if (text.length > MAX_ELEMENT_LENGTH) throw notPermitted(`${text.slice(0, 40)}…`);
  if (
    lower.includes('/*') ||
    lower.includes('--') ||
    lower.includes('#') ||
    /\bunion\b/.test(lower)
  ) {
    throw new ValidationError('Illegal SQL Query');
  }
  for (const match of lower.matchAll(/(\w+)\s*\(/g)) {
    const fn = match[1] ?? '';
    if (BLOCKED_FUNCTIONS.has(fn))
      throw new DataError(`Use of function ${fn} in field is restricted`);
  }
  if (
    /[;@'"\\]/.test(lower) ||
    /\w\s*,/.test(lower) ||
    /\(\s*(select|create|insert|delete|drop|update|case|show)\b/.test(lower) ||
    /^(select|delete|update|drop|create|insert)\s/.test(lower) ||
    /\s(from|where|join|group\s+by|order\s+by)\s/.test(lower)
  ) {
    throw subQueryError();
  }
}

/** Frappe's message for sub-queries and functions in a select element. */
export function subQueryError(): FrappeError {
  return new DataError('Use of sub-query or function is restricted');
}
