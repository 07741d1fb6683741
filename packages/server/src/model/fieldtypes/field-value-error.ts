import { ValidationError, type FrappeError } from '../../core/errors/index.js';
import type { DocField } from '../meta.js';

/** The name Frappe shows for a field in messages: its label, else its fieldname. */
export function fieldLabel(field: DocField): string {
  return field.label || field.fieldname;
}

/** The error for a value a typed field cannot hold (docs/spec/DECISIONS.md "Invalid value for a typed field"). */
export function invalidValue(field: DocField, value: unknown, expected: string): FrappeError {
  return new ValidationError(
    `Value for ${fieldLabel(field)} must be ${expected}, got ${describe(value)}`,
  );
}

/** Frappe rejects lists for every non-table field with this message. */
export function rejectList(field: DocField, value: unknown): void {
  if (Array.isArray(value))
    throw new ValidationError(`Value for ${fieldLabel(field)} cannot be a list`);
}

function describe(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (value !== null && typeof value === 'object') return 'an object';
  return String(value);
}
