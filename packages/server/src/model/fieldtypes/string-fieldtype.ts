import type { ColumnSpec } from '../../platform/db/database.js';
import type { DocField } from '../meta.js';
import { staticDefault } from './column-default.js';
import { isBlankText } from './empty.js';
import { invalidValue, rejectList } from './field-value-error.js';
import type { Fieldtype } from './fieldtype.js';

/** Frappe's `VARCHAR_LEN`. */
export const VARCHAR_LENGTH = 140;

export interface StringFieldtypeOptions {
  readonly name: string;
  readonly columnType: 'varchar' | 'text' | 'longtext';
  /** Checks a non-empty string; throws a ValidationError subclass. */
  readonly validate?: (value: string, field: DocField) => void;
  /** Objects are stored as compact JSON text (Geolocation receives GeoJSON objects). */
  readonly acceptsObjects?: boolean;
}

/** A fieldtype that stores text: the Data family, Text family and Long Text family. */
export function createStringFieldtype(options: StringFieldtypeOptions): Fieldtype {
  return {
    name: options.name,
    hasColumn: true,
    isTable: false,
    column: (field) => stringColumn(field, options.columnType),
    coerce(value, field) {
      const text = toText(value, field, options.acceptsObjects === true);
      if (text === null) return null;
      // Frappe stores blank unique values as NULL so several blanks may coexist.
      if (field.unique && text.trim() === '') return null;
      if (text !== '' && options.validate) options.validate(text, field);
      return text;
    },
    serialize: (value) => (value === null || value === undefined ? null : String(value)),
    isEmpty: isBlankText,
  };
}

function stringColumn(field: DocField, type: StringFieldtypeOptions['columnType']): ColumnSpec {
  if (type !== 'varchar') return { name: field.fieldname, type };
  const defaultValue = staticDefault(field);
  return {
    name: field.fieldname,
    type,
    length: field.length > 0 ? field.length : VARCHAR_LENGTH,
    ...(defaultValue === undefined ? {} : { defaultValue }),
  };
}

function toText(value: unknown, field: DocField, acceptsObjects: boolean): string | null {
  rejectList(field, value);
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (acceptsObjects && typeof value === 'object') return JSON.stringify(value);
  throw invalidValue(field, value, 'text');
}
