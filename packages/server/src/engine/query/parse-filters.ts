import { ValidationError } from '../../core/errors/index.js';
import { OPERATORS, type FilterNode, type Operator, type RawCondition } from './query-ast.js';

/**
 * Normalizes Frappe's three filter shapes (docs/spec/query-language.md §4.1) into a flat
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
  return parseFilterTree(filters).leaves;
}

/** Groups nest no deeper than this; deeper input is an attack or a bug. */
const MAX_GROUP_DEPTH = 16;

/**
 * The filters as a boolean tree over their conditions (`leaves`, in the order
 * written): everything AND-ed, except v16's nested groups
 * `[[cond], "or", [cond], "and", [[cond], "or", [cond]]]`, which are
 * combined left to right as written.
 *
 * @example
 * parseFilterTree([['status', '=', 'Open'], 'or', ['priority', '=', 'High']]);
 * // {leaves: [status…, priority…], tree: {op: 'or', items: [0, 1]}}
 */
export function parseFilterTree(filters: unknown): { leaves: RawCondition[]; tree: FilterNode } {
  const leaves: RawCondition[] = [];
  return { leaves, tree: parseNode(filters, leaves, 0) };
}

function parseNode(filters: unknown, leaves: RawCondition[], depth: number): FilterNode {
  if (depth > MAX_GROUP_DEPTH) throw new ValidationError('Filter groups are nested too deeply');
  if (filters === null || filters === undefined || filters === '') return { op: 'and', items: [] };
  if (Array.isArray(filters)) {
    if (isGroup(filters)) return parseGroup(filters, leaves, depth);
    return { op: 'and', items: parseList(filters, leaves, depth) };
  }
  if (typeof filters === 'object')
    return { op: 'and', items: addLeaves(leaves, parseDict(filters as Record<string, unknown>)) };
  throw new ValidationError('Filters must be a list or an object');
}

/** `[a, "or", b, "and", c]` → `((a or b) and c)`: Frappe v16 reads groups left to right. */
function parseGroup(items: readonly unknown[], leaves: RawCondition[], depth: number): FilterNode {
  let node = parseGroupItem(items[0], leaves, depth);
  for (let index = 1; index < items.length; index += 2) {
    const op = String(items[index]).toLowerCase() as 'and' | 'or';
    node = { op, items: [node, parseGroupItem(items[index + 1], leaves, depth)] };
  }
  return node;
}

function parseGroupItem(item: unknown, leaves: RawCondition[], depth: number): FilterNode {
  // A condition starts with its field (or DocType) name; a list of filters starts with a filter.
  if (Array.isArray(item) && isScalar(item[0]) && !isPlainList(item))
    return addLeaves(leaves, [parseTuple(item)])[0] as number;
  return parseNode(item, leaves, depth + 1);
}

function parseList(items: readonly unknown[], leaves: RawCondition[], depth: number): FilterNode[] {
  if (items.length > 0 && items.every(isScalar)) {
    // A bare `[field, op, value]` (not wrapped in a list) is one filter, not a list of names.
    if (looksLikeTuple(items)) return addLeaves(leaves, [parseTuple(items)]);
    return addLeaves(leaves, [{ doctype: null, field: 'name', operator: 'in', value: items }]);
  }
  return items.flatMap((item): FilterNode[] => {
    if (Array.isArray(item))
      return isGroup(item)
        ? [parseGroup(item, leaves, depth + 1)]
        : addLeaves(leaves, [parseTuple(item)]);
    if (item !== null && typeof item === 'object')
      return addLeaves(leaves, parseDict(item as Record<string, unknown>));
    throw new ValidationError('Filter must be a tuple or list (in a list)');
  });
}

function addLeaves(leaves: RawCondition[], conditions: readonly RawCondition[]): number[] {
  return conditions.map((condition) => leaves.push(condition) - 1);
}

/** A v16 group: conditions (lists or objects) joined by `"and"`/`"or"` at every odd position. */
function isGroup(items: readonly unknown[]): boolean {
  if (items.length < 3 || items.length % 2 === 0) return false;
  return items.every((item, index) =>
    index % 2 === 1
      ? typeof item === 'string' && ['and', 'or'].includes(item.toLowerCase())
      : typeof item === 'object' && item !== null,
  );
}

/** A list of plain names (`["A", "B"]`), which means `name in (…)`. */
function isPlainList(items: readonly unknown[]): boolean {
  return items.length > 0 && items.every(isScalar) && !looksLikeTuple(items);
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
