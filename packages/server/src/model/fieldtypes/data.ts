import { DATA_VALIDATORS } from './data-validators.js';
import { createStringFieldtype } from './string-fieldtype.js';

/** Data: varchar; `options` Email/Name/Phone/URL select a format check (Barcode and others: none). */
export const data = createStringFieldtype({
  name: 'Data',
  columnType: 'varchar',
  validate(value, field) {
    DATA_VALIDATORS[field.options]?.(value, field);
  },
});
