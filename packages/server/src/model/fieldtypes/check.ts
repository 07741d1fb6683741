import { isNullish } from './empty.js';
import type { Fieldtype } from './fieldtype.js';
import { defaultNumber, parseNumber, storedNumber } from './parse-number.js';

/** Check: 0/1 in a smallint column; accepts booleans, numbers and numeric strings (`"1"`, `"1.0"`). */
export const check: Fieldtype = {
  name: 'Check',
  hasColumn: true,
  isTable: false,
  column: (field) => ({
    name: field.fieldname,
    type: 'smallint',
    notNull: true,
    defaultValue: defaultNumber(field.default, true) === 0 ? 0 : 1,
  }),
  coerce(value, field) {
    const parsed = parseNumber(value, field, { allowGrouping: false, expected: '0 or 1' });
    return parsed === null || Math.trunc(parsed) === 0 ? 0 : 1;
  },
  serialize(value) {
    const stored = storedNumber(value);
    return stored === null ? null : stored === 0 ? 0 : 1;
  },
  isEmpty: isNullish,
};
