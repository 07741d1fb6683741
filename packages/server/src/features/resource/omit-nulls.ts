/**
 * A document as Frappe serialises a document *object*: null-valued fields
 * left out, recursively for child rows; `0`, `""` and `[]` are kept
 * (docs/spec/document-model.md §2.3). Dicts built by handlers keep their nulls, so only
 * endpoints that return a document object call this.
 *
 * @example
 * omitNulls({ doctype: 'ToDo', name: 'a', date: null }) // { doctype: 'ToDo', name: 'a' }
 */
export function omitNulls<T extends Record<string, unknown>>(doc: T): T {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) {
    if (value === null || value === undefined) continue;
    result[key] = Array.isArray(value) ? value.map(omitNullsInRow) : value;
  }
  return result as T;
}

function omitNullsInRow(row: unknown): unknown {
  return typeof row === 'object' && row !== null && !Array.isArray(row)
    ? omitNulls(row as Record<string, unknown>)
    : row;
}
