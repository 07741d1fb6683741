import { ValidationError } from '../../core/errors/index.js';
import type { Meta } from '../../model/meta.js';
import { parseReference, type FieldResolver } from './field-resolver.js';
import { aggregateArgument, aggregateName } from './parse-fields.js';
import type { ColumnRef, OrderItem, SortTarget } from './query-ast.js';

const CALL = /^(\w+)\s*\(\s*(distinct\s+)?(.*?)\s*\)$/i;
const DIRECTION = /\s+(asc|desc)$/i;

/**
 * Parses `order_by` (`field [asc|desc], …`). Frappe's v15 checks run first for
 * their messages (docs/spec/query-language.md §6.2); then every item must be a column,
 * an aggregate of a column, or a label of the select list (`labels`). A missing direction
 * means ascending, as in v15.
 *
 * @example
 * parseOrderBy('priority asc, name desc', resolver, new Map());
 */
export function parseOrderBy(
  text: string,
  resolver: FieldResolver,
  labels: ReadonlyMap<string, SortTarget>,
): OrderItem[] {
  return splitItems(text).map((item) => {
    const direction = DIRECTION.exec(item);
    const expression = direction === null ? item : item.slice(0, direction.index).trim();
    const dir = direction?.[1]?.toLowerCase() === 'desc' ? 'desc' : 'asc';
    return { target: sortTarget(expression, resolver, labels), direction: dir };
  });
}

/** Parses `group_by` (`field, …`): plain columns only. */
export function parseGroupBy(text: string, resolver: FieldResolver): ColumnRef[] {
  return splitItems(text).map((item) => {
    checkQualifier(item, resolver);
    return resolver.resolve(item);
  });
}

/**
 * The DocType's default order: `sort_field` (which may itself be a list such as
 * `idx desc, creation desc`) with `sort_order`, else `modified desc` (docs/spec/DECISIONS.md).
 */
export function defaultOrder(meta: Meta, resolver: FieldResolver): OrderItem[] {
  const fallbackDirection = meta.sort_order.toLowerCase() === 'asc' ? 'asc' : 'desc';
  try {
    return splitItems(meta.sort_field || 'modified').map((item) => {
      const direction = DIRECTION.exec(item);
      const field = direction === null ? item : item.slice(0, direction.index).trim();
      const dir =
        direction === null ? fallbackDirection : (direction[1]?.toLowerCase() as 'asc' | 'desc');
      return { target: { kind: 'column', column: resolver.resolve(field) }, direction: dir };
    });
  } catch {
    // A DocType whose sort_field names a removed field still lists, as in Frappe.
    return [
      { target: { kind: 'column', column: resolver.resolve('modified') }, direction: 'desc' },
    ];
  }
}

function sortTarget(
  expression: string,
  resolver: FieldResolver,
  labels: ReadonlyMap<string, SortTarget>,
): SortTarget {
  const call = CALL.exec(expression);
  if (call !== null) {
    const fn = aggregateName(call[1] ?? '');
    return {
      kind: 'aggregate',
      fn,
      distinct: call[2] !== undefined,
      column: aggregateArgument(fn, call[3] ?? '', resolver),
    };
  }
  checkQualifier(expression, resolver);
  const reference = parseReference(expression);
  // A select label (e.g. `count(name) as n` → `n`) sorts by what it labels.
  const labelled = reference?.qualifier === null ? labels.get(reference.column) : undefined;
  return labelled ?? { kind: 'column', column: resolver.resolve(expression) };
}

/** Frappe's check that a `` `tabX` `` qualifier names a table of the query. */
function checkQualifier(expression: string, resolver: FieldResolver): void {
  const qualifier = parseReference(expression)?.qualifier;
  if (qualifier?.startsWith('tab') !== true) return;
  const doctype = qualifier.slice(3);
  if (!resolver.knowsTable(doctype) && resolver.main.meta.getField(qualifier) === undefined) {
    throw new ValidationError(`Please select atleast 1 column from ${doctype} to sort/group`);
  }
}

/** Frappe's v15 checks on the whole string, then the comma-separated items. */
function splitItems(text: string): string[] {
  const lower = text.toLowerCase();
  if (lower.includes('select') && lower.includes('from')) {
    throw new ValidationError('Cannot use sub-query in order by');
  }
  if (/[^a-z0-9\-_ ,`'".()]/.test(lower) || lower.includes('--'))
    throw new ValidationError('Illegal SQL Query');
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  for (const item of items) {
    const fn = /^(\w+)\s*\(/.exec(item.toLowerCase())?.[1];
    if (fn?.includes('sleep') === true)
      throw new ValidationError('Cannot use sleep in order/group by');
  }
  return items;
}
