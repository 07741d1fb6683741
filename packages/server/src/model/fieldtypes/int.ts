import type { DocField } from '../meta.js';
import { isNullish } from './empty.js';
import type { Fieldtype } from './fieldtype.js';
import { defaultNumber, parseNumber, storedNumber } from './parse-number.js';

/** Frappe switches an Int column to bigint when the definition asks for more than 11 digits. */
const INT_DIGITS = 11;

function createIntFieldtype(name: string, isLong: (field: DocField) => boolean): Fieldtype {
  return {
    name,
    hasColumn: true,
    isTable: false,
    column: (field) => ({
      name: field.fieldname,
      type: isLong(field) ? 'bigint' : 'int',
      notNull: true,
      defaultValue: defaultNumber(field.default, true),
    }),
    coerce(value, field) {
      const parsed = parseNumber(value, field, {
        allowGrouping: false,
        expected: 'a whole number',
      });
      return parsed === null ? 0 : Math.trunc(parsed);
    },
    serialize(value) {
      const stored = storedNumber(value);
      return stored === null ? null : Math.trunc(stored);
    },
    isEmpty: isNullish,
  };
}

/** Int: int column, bigint when `length` > 11; `"42"` → 42, `42.9` → 42, blank → 0. */
export const int = createIntFieldtype('Int', (field) => field.length > INT_DIGITS);

/** Long Int: Frappe's internal name for a bigint Int. */
export const longInt = createIntFieldtype('Long Int', () => true);
