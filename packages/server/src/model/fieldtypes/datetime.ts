import { createTemporalFieldtype } from './temporal-fieldtype.js';
import { formatDatetime, parseDatetime, partsOfJsDate } from './temporal.js';

/** `YYYY-MM-DD HH:MM:SS[.ffffff]`, the fraction only when non-zero (Python's `str(datetime)`). */
function toDatetime(value: string | Date): string | null {
  const parts = value instanceof Date ? partsOfJsDate(value) : parseDatetime(value);
  return parts ? formatDatetime(parts) : null;
}

/** Datetime: naive wall-clock time with microseconds, datetime(6) column. */
export const datetime = createTemporalFieldtype({
  name: 'Datetime',
  columnType: 'datetime',
  expected: 'a date and time (YYYY-MM-DD HH:MM:SS)',
  normalize: toDatetime,
  wire: toDatetime,
});
