import { validatePhone } from './data-validators.js';
import { createStringFieldtype } from './string-fieldtype.js';

/** Phone: varchar holding a phone number in Frappe's permissive format. */
export const phone = createStringFieldtype({
  name: 'Phone',
  columnType: 'varchar',
  validate: validatePhone,
});
