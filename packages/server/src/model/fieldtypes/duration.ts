import { createDecimalFieldtype } from './decimal-fieldtype.js';

/** Duration: a number of seconds, nullable. */
export const duration = createDecimalFieldtype({
  name: 'Duration',
  precision: 21,
  scale: 9,
  notNull: false,
});
