/** Missing for a mandatory check: null/undefined. Numbers (including 0) are present. */
export function isNullish(value: unknown): boolean {
  return value === null || value === undefined;
}

/**
 * Missing for a mandatory check on text: null, or text that is blank once
 * HTML tags are removed. An `<img` tag counts as content, as in Frappe.
 */
export function isBlankText(value: unknown): boolean {
  if (isNullish(value)) return true;
  if (typeof value !== 'string') return false;
  if (value.includes('<img')) return false;
  return (
    value
      .replace(/<[^>]*>/g, '')
      .replace(/&nbsp;/g, ' ')
      .trim() === ''
  );
}
