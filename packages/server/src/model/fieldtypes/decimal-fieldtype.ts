import type { ColumnSpec } from '../../platform/db/database.js';
import type { DocField } from '../meta.js';
import { isNullish } from './empty.js';
import type { Fieldtype } from './fieldtype.js';
import { defaultNumber, parseNumber, storedNumber } from './parse-number.js';

export interface DecimalFieldtypeOptions {
  readonly name: string;
  readonly precision: number;
  readonly scale: number;
  /** NOT NULL with a numeric default, and blank stored as 0 (Float, Currency, Percent). */
  readonly notNull: boolean;
  /** Clamps a parsed value (Rating keeps a fraction of stars in [0, 1]). */
  readonly clamp?: (value: number) => number;
}

/** A fieldtype stored in a decimal column and sent as a JSON number. */
export function createDecimalFieldtype(options: DecimalFieldtypeOptions): Fieldtype {
  return {
    name: options.name,
    hasColumn: true,
    isTable: false,
    column: (field) => decimalColumn(field, options),
    coerce(value, field) {
      const parsed = parseNumber(value, field, { allowGrouping: true, expected: 'a number' });
      if (parsed === null) return options.notNull ? 0 : null;
      return options.clamp ? options.clamp(parsed) : parsed;
    },
    serialize: storedNumber,
    isEmpty: isNullish,
  };
}

function decimalColumn(field: DocField, options: DecimalFieldtypeOptions): ColumnSpec {
  const column: ColumnSpec = {
    name: field.fieldname,
    type: 'decimal',
    precision: options.precision,
    scale: options.scale,
  };
  if (!options.notNull) return column;
  return { ...column, notNull: true, defaultValue: defaultNumber(field.default, false) };
}
