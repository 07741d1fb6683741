/** A definition flag (`0|1`, boolean, or a legacy `"1"` string); missing means false. */
export function flag(value: unknown): boolean {
  return value === 1 || value === true || value === '1';
}

/** A definition integer; missing or unreadable means 0. */
export function integer(value: unknown): number {
  const parsed = typeof value === 'number' ? value : Number.parseInt(String(value ?? ''), 10);
  return Number.isFinite(parsed) ? Math.trunc(parsed) : 0;
}

/** A definition string; missing or null means `''`. */
export function text(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}
