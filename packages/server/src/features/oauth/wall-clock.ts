import { formatDatetime, parseDatetime, partsOfJsDate } from '../../model/fieldtypes/temporal.js';

/** Epoch seconds as a Frappe Datetime (server-local wall clock, as Frappe stores expiry). */
export function datetimeOf(epochSeconds: number): string {
  return formatDatetime(partsOfJsDate(new Date(epochSeconds * 1000)));
}

/** A stored Datetime back to epoch seconds; unreadable values count as already past. */
export function epochOf(value: unknown): number {
  const parts = typeof value === 'string' ? parseDatetime(value) : null;
  if (parts === null) return 0;
  const { date, time } = parts;
  const local = new Date(date.year, date.month - 1, date.day, time.hour, time.minute, time.second);
  return Math.floor(local.getTime() / 1000);
}
