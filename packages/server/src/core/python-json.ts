/**
 * Python's `json.dumps` output, byte for byte, for payloads whose receivers
 * verify a signature over bytes Frappe produced (webhooks spec §3.3):
 * separators `", "` and `": "` (or `","` and a newline with `indent`), keys in
 * insertion order unless sorted, every character outside printable ASCII
 * escaped as `\uXXXX` with lowercase hex, floats in Python's `repr`
 * (`1500.0`, `1e+16`), `NaN`/`Infinity` bare. A JavaScript number that is an
 * integer is an int; wrap it in {@link PythonFloat} when Python would hold a
 * float (Float, Currency and Percent fields).
 */
export class PythonFloat {
  constructor(readonly value: number) {}
}

export interface PythonJsonOptions {
  /** Pretty-print with this many spaces per level (Python's `indent`). */
  readonly indent?: number;
  /** Python's `sort_keys`. */
  readonly sortKeys?: boolean;
}

/**
 * Serialises `value` as Python's `json.dumps(value, default=str)` would.
 *
 * @example
 * pythonJsonDumps({ customer: 'Café', amount: new PythonFloat(1500) });
 * // '{"customer": "Caf\\u00e9", "amount": 1500.0}'
 */
export function pythonJsonDumps(value: unknown, options: PythonJsonOptions = {}): string {
  return dump(value, options, 0);
}

function dump(value: unknown, options: PythonJsonOptions, level: number): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof PythonFloat) return floatRepr(value.value);
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : floatRepr(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return asciiString(value);
  if (Array.isArray(value))
    return container(
      '[',
      ']',
      value.map((item: unknown) => dump(item, options, level + 1)),
      options,
      level,
    );
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (options.sortKeys === true) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const items = entries.map(
      ([key, item]) => `${asciiString(key)}: ${dump(item, options, level + 1)}`,
    );
    return container('{', '}', items, options, level);
  }
  // Python's `default=str`.
  return asciiString(String(value));
}

function container(
  open: string,
  close: string,
  items: readonly string[],
  options: PythonJsonOptions,
  level: number,
): string {
  if (items.length === 0) return `${open}${close}`;
  if (options.indent === undefined) return `${open}${items.join(', ')}${close}`;
  const inner = '\n' + ' '.repeat(options.indent * (level + 1));
  const outer = '\n' + ' '.repeat(options.indent * level);
  return `${open}${inner}${items.join(`,${inner}`)}${outer}${close}`;
}

/** JSON string with Python's `ensure_ascii`: everything outside space..`~` escaped. */
function asciiString(text: string): string {
  return JSON.stringify(text).replace(
    /[^\x20-\x7e]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Python's `float.__repr__`: shortest round-trip digits, fixed for exponents -4..15, else scientific. */
function floatRepr(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (Object.is(value, -0)) return '-0.0';
  const [mantissa = '0', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  const fixed = value.toFixed(Math.max(0, decimals(mantissa) - exponent));
  return fixed.includes('.') ? fixed : `${fixed}.0`;
}

/** Digits after the point in a `toExponential` mantissa. */
function decimals(mantissa: string): number {
  const point = mantissa.indexOf('.');
  return point === -1 ? 0 : mantissa.length - point - 1;
}
