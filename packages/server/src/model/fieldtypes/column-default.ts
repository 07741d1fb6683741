import type { DocField } from '../meta.js';

/** Defaults Frappe resolves when a document is created; they never become SQL defaults. */
const DYNAMIC_DEFAULTS = new Set([
  '_Login',
  '__user',
  '_Full Name',
  'Today',
  '__today',
  'now',
  'Now',
]);

/** The field's static default as an SQL default value, or undefined when it has none. */
export function staticDefault(field: DocField): string | undefined {
  const value = field.default;
  if (value === null || value === '' || DYNAMIC_DEFAULTS.has(value) || value.startsWith(':'))
    return undefined;
  return value;
}
