import { createDecimalFieldtype } from './decimal-fieldtype.js';

/**
 * Float, Currency and Percent: decimal(21,9) NOT NULL, `"1,234.50"` → 1234.5,
 * blank → 0. Display precision is a formatting concern, not a column one.
 */
/** Field types whose values are floats (Python holds `1500.0`, not `1500`). */
export const FLOAT_FIELDTYPES: ReadonlySet<string> = new Set(['Float', 'Currency', 'Percent']);

export const floatLike = [...FLOAT_FIELDTYPES].map((name) =>
  createDecimalFieldtype({ name, precision: 21, scale: 9, notNull: true }),
);
