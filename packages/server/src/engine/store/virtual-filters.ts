import { ValidationError } from '../../core/errors/index.js';
import type { Doc } from '../doc.js';
import type { RawCondition } from '../query/query-ast.js';

/** Operators a virtual DocType's list answers in memory; others are refused with Frappe's ValidationError. */
const MATCHERS: Readonly<Record<string, (actual: unknown, expected: unknown) => boolean>> = {
  '=': (a, e) => text(a) === text(e),
  '!=': (a, e) => text(a) !== text(e),
  in: (a, e) => listOf(e).includes(text(a)),
  'not in': (a, e) => !listOf(e).includes(text(a)),
  like: (a, e) => likePattern(e).test(text(a)),
  'not like': (a, e) => !likePattern(e).test(text(a)),
  is: (a, e) => (text(e) === 'set' ? text(a) !== '' : text(a) === ''),
  '>': (a, e) => compare(a, e) > 0,
  '<': (a, e) => compare(a, e) < 0,
  '>=': (a, e) => compare(a, e) >= 0,
  '<=': (a, e) => compare(a, e) <= 0,
};

/** True when `doc` meets every condition (Frappe's `evaluate_filters` for virtual DocTypes). */
export function matchesConditions(doc: Doc, conditions: readonly RawCondition[]): boolean {
  return conditions.every((condition) => {
    const match = MATCHERS[condition.operator];
    if (match === undefined)
      throw new ValidationError(
        `Operator ${condition.operator} is not supported on a virtual DocType`,
      );
    return match(doc[condition.field], condition.value);
  });
}

function text(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

function listOf(value: unknown): string[] {
  const items = Array.isArray(value) ? value : String(value ?? '').split(',');
  return items.map((item) => text(item).trim());
}

function likePattern(value: unknown): RegExp {
  const escaped = text(value).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replaceAll('%', '.*').replaceAll('_', '.')}$`, 'is');
}

function compare(actual: unknown, expected: unknown): number {
  const a = Number(actual);
  const e = Number(expected);
  if (Number.isFinite(a) && Number.isFinite(e) && text(actual) !== '' && text(expected) !== '')
    return a - e;
  return text(actual).localeCompare(text(expected));
}
