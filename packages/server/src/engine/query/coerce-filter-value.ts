import { ValidationError, type FrappeError } from '../../core/errors/index.js';
import {
  formatDate,
  formatDatetime,
  formatTime,
  parseDatetime,
  parseTime,
  partsOfJsDate,
} from '../../model/fieldtypes/temporal.js';
import { fallbackValue } from './column-kind.js';
import type { ColumnRef } from './query-ast.js';

const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A filter value in the form the column stores (docs/spec/query-language.md §4.5):
 * numbers for numeric columns (`true`/`false` → 1/0), `YYYY-MM-DD` for dates,
 * Frappe's datetime/time text otherwise strings. Empty values (null, `''`)
 * become the column's fallback. Beyond Frappe (docs/spec/DECISIONS.md): a value that is
 * not a number/date where one is needed is a ValidationError, not a silent 0.
 */
export function coerceFilterValue(column: ColumnRef, value: unknown): string | number {
  if (value === null || value === undefined || value === '') return fallbackValue(column.kind);
  if (typeof value === 'object' && !(value instanceof Date)) throw invalid(column, value);
  switch (column.kind) {
    case 'number':
      return toNumber(column, value);
    case 'date':
      return formatDate(temporalParts(column, value).date);
    case 'datetime':
      return formatDatetime(temporalParts(column, value));
    case 'time':
      return toTime(column, value);
    case 'text':
      return value instanceof Date ? formatDatetime(partsOfJsDate(value)) : String(value);
  }
}

/** Whether the value counts as empty for Frappe's NULL shortcut (Python falsiness). */
export function isFalsy(value: unknown): boolean {
  return value === null || value === undefined || value === '' || value === 0 || value === false;
}

/** Whether a string holds only a date (`YYYY-MM-DD`), for `between` bounds on datetimes. */
export function isDateOnly(value: unknown): boolean {
  return typeof value === 'string' && /^\d{4}-\d{1,2}-\d{1,2}$/.test(value.trim());
}

function toNumber(column: ColumnRef, value: unknown): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && NUMERIC.test(value.trim())) return Number(value.trim());
  throw invalid(column, value);
}

function temporalParts(
  column: ColumnRef,
  value: unknown,
): NonNullable<ReturnType<typeof parseDatetime>> {
  if (value instanceof Date) return partsOfJsDate(value);
  const parts = typeof value === 'string' ? parseDatetime(value) : null;
  if (parts === null) throw invalid(column, value);
  return parts;
}

function toTime(column: ColumnRef, value: unknown): string {
  const parts = typeof value === 'string' ? parseTime(value) : null;
  if (parts === null) throw invalid(column, value);
  return formatTime(parts);
}

function invalid(column: ColumnRef, value: unknown): FrappeError {
  const shown = String(typeof value === 'object' ? JSON.stringify(value) : value).slice(0, 60);
  return new ValidationError(`Invalid filter value for ${column.field.fieldname}: ${shown}`);
}
