import { CannotChangeConstantError, DocstatusTransitionError } from '../../core/errors/index.js';
import type { Doc } from '../../engine/doc.js';
import type { Meta } from '../../model/meta.js';
import { OPTIONAL_FIELDNAMES } from '../../model/standard-fieldnames.js';
import { keepsClientName } from '../../engine/naming/client-name.js';
import { isPlainObject } from '../../core/args/arg-values.js';

/**
 * Keys a client never sets: the server stamps them (docs/spec/document-model.md §11).
 * Removing them here as well as in the engine keeps a mass-assigned `owner`
 * or `creation` from ever reaching a write.
 */
const SERVER_STAMPED = [
  'owner',
  'creation',
  'modified',
  'modified_by',
  'flags',
  '__islocal',
  '__unsaved',
];
const ROW_STAMPED = [
  ...SERVER_STAMPED,
  'parent',
  'parenttype',
  'parentfield',
  'doctype',
  'docstatus',
];

/**
 * The document a client asked to insert, cleaned of keys it may not set: the
 * URL's DocType wins, server-stamped keys are dropped, `docstatus` may only be
 * 0 (draft) or 1 (insert and submit). A client `name` counts only under
 * prompt/UUID naming; v2 honours any name in Frappe, which lets clients
 * bypass naming series, so we apply v1's rule there too (docs/spec/api-rest-rpc.md §14.6).
 */
export function insertBody(meta: Meta, body: Record<string, unknown>): Doc {
  const doc: Doc = {
    ...withoutKeys(body, [...SERVER_STAMPED, ...OPTIONAL_FIELDNAMES, 'doctype']),
    doctype: meta.name,
  };
  if (!keepsClientName(meta)) delete doc.name;
  checkInsertDocstatus(meta, doc['docstatus']);
  cleanChildRows(meta, doc);
  return doc;
}

/**
 * A partial update as sent to PUT/PATCH: `doctype`, `flags` and stamps are
 * dropped; `name` may only repeat the URL's name (renaming has its own API).
 * `owner`/`creation` and `modified` stay for the engine to compare with the
 * stored values (§10, §11).
 */
export function updateBody(
  meta: Meta,
  name: string,
  body: Record<string, unknown>,
): Record<string, unknown> {
  if (body['name'] !== undefined && String(body['name']) !== name) {
    throw new CannotChangeConstantError(
      'Cannot change the name of a document here; use rename instead',
    );
  }
  const patch = withoutKeys(body, [
    'doctype',
    'name',
    'flags',
    'modified_by',
    '__islocal',
    '__unsaved',
    ...OPTIONAL_FIELDNAMES,
  ]);
  cleanChildRows(meta, patch);
  return patch;
}

function checkInsertDocstatus(meta: Meta, docstatus: unknown): void {
  if (docstatus === undefined || docstatus === null || docstatus === 0 || docstatus === '0') return;
  if ((docstatus === 1 || docstatus === '1') && meta.is_submittable) return;
  throw new DocstatusTransitionError(
    `Cannot insert a document of ${meta.name} with docstatus ${String(docstatus)}`,
  );
}

function cleanChildRows(meta: Meta, doc: Record<string, unknown>): void {
  for (const field of meta.tableFields) {
    const rows = doc[field.fieldname];
    if (!Array.isArray(rows)) continue;
    doc[field.fieldname] = rows.map((row) =>
      isPlainObject(row) ? withoutKeys(row, ROW_STAMPED) : row,
    );
  }
}

function withoutKeys(
  source: Record<string, unknown>,
  keys: readonly string[],
): Record<string, unknown> {
  const result = { ...source };
  for (const key of keys) delete result[key];
  return result;
}
