/** Frappe's safe `utils` namespace for conditions and templates: the helpers webhooks use. */
const utils = {
  nowdate: () => new Date().toISOString().slice(0, 10),
  now: () => new Date().toISOString().replace('T', ' ').slice(0, 19),
  today: () => new Date().toISOString().slice(0, 10),
  getdate: (value?: unknown) =>
    value === undefined || value === null ? utils.nowdate() : String(value).slice(0, 10),
  add_days: (date: unknown, days: unknown) => {
    const day = new Date(`${String(date).slice(0, 10)}T00:00:00Z`);
    day.setUTCDate(day.getUTCDate() + Number(days));
    return day.toISOString().slice(0, 10);
  },
  flt: (value: unknown, precision?: number) => {
    const number = Number(value) || 0;
    return precision === undefined ? number : Number(number.toFixed(precision));
  },
  cint: (value: unknown) => Math.trunc(Number(value) || 0),
  cstr: (value: unknown) => (value === null || value === undefined ? '' : String(value)),
};

/** Python built-ins Frappe's restricted evaluator allows. */
const builtins = {
  len: (value: unknown) =>
    typeof value === 'string' || Array.isArray(value)
      ? value.length
      : Object.keys(value ?? {}).length,
  int: (value: unknown) => Math.trunc(Number(value)),
  float: (value: unknown) => Number(value),
  str: (value: unknown) => String(value),
  round: (value: unknown, digits = 0) => Number(Number(value).toFixed(digits)),
};

/** The names a condition or template sees: `doc`, `utils` and the allowed built-ins. */
export function conditionContext(doc: Record<string, unknown>): Record<string, unknown> {
  return { ...builtins, utils, doc };
}
