import { createDecimalFieldtype } from './decimal-fieldtype.js';

/** Rating: the fraction of stars given, clamped to [0, 1] as in Frappe v16. */
export const rating = createDecimalFieldtype({
  name: 'Rating',
  precision: 3,
  scale: 2,
  notNull: false,
  clamp: (value) => Math.min(1, Math.max(0, value)),
});
