import { createStringFieldtype } from './string-fieldtype.js';

/**
 * Types stored and accepted exactly like plain Data: varchar(length or 140),
 * no format check here (Link targets are checked by the engine's link step).
 */
export const dataLike = ['Link', 'Dynamic Link', 'Read Only', 'Color', 'Icon', 'Autocomplete'].map(
  (name) => createStringFieldtype({ name, columnType: 'varchar' }),
);
