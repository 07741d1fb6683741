/**
 * Datetime and time text in Frappe's wire form (Python `str(datetime)`):
 * six fraction digits, or none when the microseconds are zero. PostgreSQL
 * trims trailing zeros (`09:05:00.5`) and MariaDB always prints six digits
 * (`09:05:00.000000`); both are brought to this one form.
 *
 * @internal
 */
export function normalizeTemporalText(value: string): string {
  const dot = value.lastIndexOf('.');
  if (dot === -1) return value;
  const fraction = value.slice(dot + 1);
  if (!/^\d+$/.test(fraction)) return value;
  if (/^0+$/.test(fraction)) return value.slice(0, dot);
  return `${value.slice(0, dot)}.${fraction.padEnd(6, '0').slice(0, 6)}`;
}
