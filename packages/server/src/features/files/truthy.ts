/** A request flag as Frappe's `cint`/`sbool` read it from form fields and JSON: `1`, `'1'`, `true`, `'true'`. */
export function isTruthy(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 'true';
}
