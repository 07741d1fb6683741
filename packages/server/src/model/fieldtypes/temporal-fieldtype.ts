import type { ColumnType } from '../../platform/db/database.js';
import { staticDefault } from './column-default.js';
import { isNullish } from './empty.js';
import { invalidValue, rejectList } from './field-value-error.js';
import type { Fieldtype } from './fieldtype.js';

export interface TemporalFieldtypeOptions {
  readonly name: string;
  readonly columnType: Extract<ColumnType, 'date' | 'datetime' | 'time'>;
  /** What the error message says the field expects. */
  readonly expected: string;
  /** Normal form of a string or Date, or null when it is not a valid value. */
  readonly normalize: (value: string | Date) => string | null;
  /** Wire form of a stored value. */
  readonly wire: (value: string | Date) => string | null;
}

/** Date, Datetime and Time: blank → NULL, valid forms normalized, anything else rejected. */
export function createTemporalFieldtype(options: TemporalFieldtypeOptions): Fieldtype {
  return {
    name: options.name,
    hasColumn: true,
    isTable: false,
    column(field) {
      const fallback = staticDefault(field);
      const defaultValue = fallback === undefined ? null : options.normalize(fallback);
      return {
        name: field.fieldname,
        type: options.columnType,
        ...(defaultValue === null ? {} : { defaultValue }),
      };
    },
    coerce(value, field) {
      rejectList(field, value);
      if (
        value === null ||
        value === undefined ||
        (typeof value === 'string' && value.trim() === '')
      )
        return null;
      const normal =
        typeof value === 'string' || value instanceof Date ? options.normalize(value) : null;
      if (normal === null) throw invalidValue(field, value, options.expected);
      return normal;
    },
    serialize(value) {
      if (typeof value === 'string' || value instanceof Date)
        return options.wire(value) ?? String(value);
      return value ?? null;
    },
    isEmpty: (value) => isNullish(value) || value === '',
  };
}
