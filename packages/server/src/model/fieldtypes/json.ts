import { isBlankText } from './empty.js';
import { invalidValue } from './field-value-error.js';
import type { Fieldtype } from './fieldtype.js';

/**
 * JSON: stored and sent as JSON text. Objects and lists are written compact
 * (`{"a":1}`); a string must already be valid JSON.
 */
export const json: Fieldtype = {
  name: 'JSON',
  hasColumn: true,
  isTable: false,
  column: (field) => ({ name: field.fieldname, type: 'json' }),
  coerce(value, field) {
    if (value === null || value === undefined) return null;
    if (typeof value !== 'string') return JSON.stringify(value);
    if (value.trim() === '') return null;
    try {
      JSON.parse(value);
    } catch {
      throw invalidValue(field, value, 'valid JSON');
    }
    return value;
  },
  // PostgreSQL's driver parses json columns; the wire always carries the text.
  serialize: (value) =>
    value === null || value === undefined || typeof value === 'string'
      ? (value ?? null)
      : JSON.stringify(value),
  isEmpty: isBlankText,
};
