import { createTemporalFieldtype } from './temporal-fieldtype.js';
import { formatDatetime, parseDatetime, partsOfJsDate } from './temporal.js';

/** `YYYY-MM-DD HH:MM:SS[.ffffff]`, the fraction only when non-zero (Python's `str(datetime)`). */
function toDatetime(value: string | Date): string | null {
  const parts = value instanceof Date ? partsOfJsDate(value) : parseDatetime(value);
  return parts ? formatDatetime(parts) : null;
}

/** Already in the wire form: what `toDatetime` stores, with a non-zero fraction or none. */
const CANONICAL = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.(?!0{6})\d{6})?$/;

/**
 * Stored values are normally in wire form already; returning those as they
 * are skips a parse and a format per value of every row read. (A string of
 * that shape that is not a real date or time comes back unchanged either
 * way, as `serialize` falls back to the stored text.)
 */
function wireDatetime(value: string | Date): string | null {
  return typeof value === 'string' && CANONICAL.test(value) ? value : toDatetime(value);
}

/** Datetime: naive wall-clock time with microseconds, datetime(6) column. */
export const datetime = createTemporalFieldtype({
  name: 'Datetime',
  columnType: 'datetime',
  expected: 'a date and time (YYYY-MM-DD HH:MM:SS)',
  normalize: toDatetime,
  wire: wireDatetime,
});
