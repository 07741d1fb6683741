import { createStringFieldtype } from './string-fieldtype.js';

/**
 * Types stored and accepted exactly like plain Data: varchar(length or 140),
 * no format check.
 */
export const dataLike = ['Read Only', 'Color', 'Icon', 'Autocomplete'].map((name) =>
  createStringFieldtype({ name, columnType: 'varchar' }),
);
