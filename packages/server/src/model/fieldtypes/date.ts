import { createTemporalFieldtype } from './temporal-fieldtype.js';
import { formatDate, parseDatetime, partsOfJsDate } from './temporal.js';

/** A date string or Date as `YYYY-MM-DD`; a datetime string keeps its date part. */
function toDate(value: string | Date): string | null {
  const parts = value instanceof Date ? partsOfJsDate(value) : parseDatetime(value);
  return parts ? formatDate(parts.date) : null;
}

const CANONICAL = /^\d{4}-\d{2}-\d{2}$/;

/** A stored `YYYY-MM-DD` is its own wire form (see `wireDatetime`). */
function wireDate(value: string | Date): string | null {
  return typeof value === 'string' && CANONICAL.test(value) ? value : toDate(value);
}

/** Date: `YYYY-MM-DD` in a date column. */
export const date = createTemporalFieldtype({
  name: 'Date',
  columnType: 'date',
  expected: 'a date (YYYY-MM-DD)',
  normalize: toDate,
  wire: wireDate,
});
