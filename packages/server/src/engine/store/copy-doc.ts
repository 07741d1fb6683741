import type { Doc } from '../doc.js';
import type { Meta } from '../../model/meta.js';
import { CHILD_FIELDNAMES, STANDARD_FIELDNAMES } from '../../model/standard-fieldnames.js';

/** Keys a copy never carries (Frappe's `copy_doc`: amendments, v16 `/copy`, docs/spec/api-rest-rpc.md §12.2). */
const NOT_COPIED = [
  ...STANDARD_FIELDNAMES.filter((fieldname) => fieldname !== 'idx'),
  'amended_from',
];
const ROW_NOT_COPIED = [...NOT_COPIED, ...CHILD_FIELDNAMES];

/**
 * An unsaved copy of `doc`: identity and stamps removed, null fields left
 * out, child rows stripped the same way; `no_copy` fields dropped unless
 * `ignoreNoCopy`.
 */
export function copyDoc(
  meta: Meta,
  doc: Doc,
  ignoreNoCopy: boolean,
  childMeta: (doctype: string) => Meta | undefined,
): Doc {
  const copy = strip(meta, doc, NOT_COPIED, ignoreNoCopy) as Doc;
  for (const table of meta.tableFields) {
    const rows = doc[table.fieldname];
    if (!Array.isArray(rows)) continue;
    const rowMeta = childMeta(table.options);
    copy[table.fieldname] = rows.map((row: Record<string, unknown>) =>
      rowMeta === undefined ? row : strip(rowMeta, row, ROW_NOT_COPIED, ignoreNoCopy),
    );
  }
  return copy;
}

function strip(
  meta: Meta,
  source: Record<string, unknown>,
  keys: readonly string[],
  ignoreNoCopy: boolean,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (value === null || value === undefined || keys.includes(key)) continue;
    if (!ignoreNoCopy && meta.getField(key)?.no_copy === true) continue;
    result[key] = value;
  }
  return result;
}
