import type { DocFieldJson, DocPermJson, DocTypeJson } from '@cortado/protocol';
import { ValidationError } from '../core/errors/index.js';
import { CHILD_FIELDNAMES, STANDARD_FIELDNAMES } from './standard-fieldnames.js';

/** A saved document as plain data (the engine's `Doc`; model cannot import the engine). */
type DocLike = Readonly<Record<string, unknown>>;

/** Bookkeeping keys of a stored row that are not part of a definition. */
const ROW_KEYS: ReadonlySet<string> = new Set([
  ...STANDARD_FIELDNAMES,
  ...CHILD_FIELDNAMES,
  'doctype',
]);
/** The definition's own `modified` tells whether it changed, so it is kept. */
const DOCTYPE_KEYS: ReadonlySet<string> = new Set(
  [...ROW_KEYS, 'fields', 'permissions', 'field_order'].filter((key) => key !== 'modified'),
);

/**
 * Turns a DocType *document* (as saved through the API: `{doctype: 'DocType',
 * name, fields: [DocField rows], permissions: [DocPerm rows]}`) into the JSON
 * definition `loadMeta` reads, so DocTypes created at runtime load like files.
 *
 * @example
 * loadMeta(docTypeJsonFromDoc(await getDoc(ctx, 'DocType', 'Book')));
 */
export function docTypeJsonFromDoc(doc: DocLike): DocTypeJson {
  if (typeof doc['name'] !== 'string' || doc['name'] === '') {
    throw new ValidationError('A DocType document needs a name');
  }
  const fields = rowsOf(doc, 'fields') as DocFieldJson[];
  return {
    ...definitionKeys(doc, DOCTYPE_KEYS),
    doctype: 'DocType',
    name: doc['name'],
    fields,
    field_order: fields.map((field) => String(field.fieldname ?? '')),
    permissions: rowsOf(doc, 'permissions') as DocPermJson[],
  };
}

/** Child rows in `idx` order, without their bookkeeping columns. */
function rowsOf(doc: DocLike, tablefield: string): Record<string, unknown>[] {
  const rows = doc[tablefield];
  if (rows === undefined || rows === null) return [];
  if (!Array.isArray(rows))
    throw new ValidationError(`DocType ${String(doc['name'])}: ${tablefield} must be a list`);
  return [...(rows as DocLike[])]
    .sort((a, b) => Number(a['idx'] ?? 0) - Number(b['idx'] ?? 0))
    .map((row) => definitionKeys(row, ROW_KEYS));
}

/** Keys with a value; null means "not set", as in an exported file. */
function definitionKeys(row: DocLike, skip: ReadonlySet<string>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).filter(
      ([key, value]) => !skip.has(key) && value !== null && value !== undefined,
    ),
  );
}
