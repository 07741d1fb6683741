import { ValidationError } from '../../core/errors/index.js';
import { OPERATORS, type Operator, type RawCondition } from './query-ast.js';

/**
 * Normalises Frappe's three filter shapes (spec query-language §4.1) into a flat
 * list of conditions: a list of `[field, op, value]` / `[doctype, field, op, value]`
 * (one-key objects may be mixed in), or an object `{field: value | [op, value]}`.
 * v16 extensions are accepted too: `[field, value]` means `=`, and a list of plain
 * values means `name in (...)`.
 *
 * @example
 * parseFilters({ status: 'Open', priority: ['in', ['High']] });
 * // [{doctype: null, field: 'status', operator: '=', value: 'Open'}, {…, operator: 'in', …}]
 */
export function parseFilters(filters: unknown): RawCondition[] {
  if (filters === null || filters === undefined || filters === '') return [];
  if (Array.isArray(filters)) return parseList(filters);
  if (typeof filters === 'object') return parseDict(filters as Record<string, unknown>);
  throw new ValidationError('Filters must be a list or an object');
}

function parseList(items: readonly unknown[]): RawCondition[] {
  if (items.length > 0 && items.every(isScalar)) {
    // A bare `[field, op, value]` (not wrapped in a list) is one filter, not a list of names.
    if (looksLikeTuple(items)) return [parseTuple(items)];
    return [{ doctype: null, field: 'name', operator: 'in', value: items }];
  }
  return items.flatMap((item) => {
    if (Array.isArray(item)) return [parseTuple(item)];
    if (item !== null && typeof item === 'object')
      return parseDict(item as Record<string, unknown>);
    throw new ValidationError('Filter must be a tuple or list (in a list)');
  });
}

function parseTuple(item: readonly unknown[]): RawCondition {
  if (item.length === 2) return condition(null, item[0], '=', item[1]);
  if (item.length === 3) return condition(null, item[0], item[1], item[2]);
  if (item.length >= 4) return condition(item[0], item[1], item[2], item[3]);
  throw new ValidationError(
    `Filter must have 4 values (doctype, fieldname, operator, value): ${JSON.stringify(item)}`,
  );
}

function parseDict(dict: Record<string, unknown>): RawCondition[] {
  return Object.entries(dict).map(([field, value]) =>
    Array.isArray(value) && value.length > 0
      ? condition(null, field, value[0], value[1])
      : condition(null, field, '=', value),
  );
}

function condition(
  doctype: unknown,
  field: unknown,
  operator: unknown,
  value: unknown,
): RawCondition {
  if (typeof field !== 'string' || field === '')
    throw new ValidationError('Filter field must be a string');
  if (doctype !== null && typeof doctype !== 'string') {
    throw new ValidationError('Filter DocType must be a string');
  }
  return {
    doctype,
    field,
    operator: parseOperator(operator),
    value: value === undefined ? null : value,
  };
}

/** The operator in canonical lower case; unknown ones raise Frappe's message. */
export function parseOperator(operator: unknown): Operator {
  if (operator === null || operator === undefined || operator === '') return '=';
  const name =
    typeof operator === 'string' ? operator.trim().toLowerCase().replace(/\s+/g, ' ') : '';
  const known = OPERATORS.find((candidate) => candidate === name);
  if (known === undefined)
    throw new ValidationError(`Operator must be one of ${OPERATORS.join(', ')}`);
  return known;
}

function looksLikeTuple(items: readonly unknown[]): boolean {
  const operator = items.length === 3 ? items[1] : items.length === 4 ? items[2] : undefined;
  return (
    typeof operator === 'string' &&
    OPERATORS.some((known) => known === operator.trim().toLowerCase())
  );
}

function isScalar(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'number';
}
