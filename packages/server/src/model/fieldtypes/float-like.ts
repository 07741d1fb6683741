import { createDecimalFieldtype } from './decimal-fieldtype.js';

/**
 * Float, Currency and Percent: decimal(21,9) NOT NULL, `"1,234.50"` → 1234.5,
 * blank → 0. Display precision is a formatting concern, not a column one.
 */
export const floatLike = ['Float', 'Currency', 'Percent'].map((name) =>
  createDecimalFieldtype({ name, precision: 21, scale: 9, notNull: true }),
);
