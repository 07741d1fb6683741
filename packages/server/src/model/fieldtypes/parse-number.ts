import type { DocField } from '../meta.js';
import { invalidValue, rejectList } from './field-value-error.js';

const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export interface ParseNumberOptions {
  /** Thousands separators `,` are removed first, as Frappe's `flt` does. */
  readonly allowGrouping: boolean;
  /** What the error message says the field expects. */
  readonly expected: string;
}

/**
 * Reads a number from a JSON value or its string form. Returns null for
 * null/undefined/blank; throws a ValidationError naming the field otherwise.
 */
export function parseNumber(
  value: unknown,
  field: DocField,
  options: ParseNumberOptions,
): number | null {
  rejectList(field, value);
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    throw invalidValue(field, value, options.expected);
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value !== 'string') throw invalidValue(field, value, options.expected);
  const text = (options.allowGrouping ? value.replaceAll(',', '') : value).trim();
  if (text === '') return null;
  if (!NUMERIC.test(text)) throw invalidValue(field, value, options.expected);
  return Number(text);
}

/** A stored number read back from any driver (PostgreSQL bigint/numeric come as strings). */
export function storedNumber(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  const parsed = Number(value);
  return Number.isNaN(parsed) ? null : parsed;
}

/** Frappe's `cint` for a definition default: never fails, 0 when unreadable. */
export function defaultNumber(text: string | null, integer: boolean): number {
  const parsed = Number.parseFloat((text ?? '').replaceAll(',', ''));
  if (!Number.isFinite(parsed)) return 0;
  return integer ? Math.trunc(parsed) : parsed;
}
