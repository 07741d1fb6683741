import { createTemporalFieldtype } from './temporal-fieldtype.js';
import { formatTime, parseTime, partsOfJsDate } from './temporal.js';

function timeParts(value: string | Date) {
  return value instanceof Date ? partsOfJsDate(value).time : parseTime(value);
}

/**
 * Time: stored `HH:MM:SS[.ffffff]`; sent as Frappe on MariaDB sends it,
 * hours not zero-padded (`"9:05:00"`), whatever the database returned.
 */
export const time = createTemporalFieldtype({
  name: 'Time',
  columnType: 'time',
  expected: 'a time (HH:MM:SS)',
  normalize(value) {
    const parts = timeParts(value);
    return parts ? formatTime(parts) : null;
  },
  wire(value) {
    const parts = timeParts(value);
    return parts ? formatTime(parts, false) : null;
  },
});
