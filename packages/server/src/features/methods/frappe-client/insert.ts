import { ValidationError } from '../../../core/errors/index.js';
import type { Context } from '../../../engine/context.js';
import type { Doc } from '../../../engine/doc.js';
import { getDoc, insertDoc, saveDoc } from '../../../engine/document.js';
import { clientMethod, WRITE_VERBS } from './client-method.js';
import { insertBody } from '../../resource/doc-body.js';
import { assertMaySubmitOnInsert } from '../../resource/submit-on-insert.js';
import {
  isPlainObject,
  parseJsonArray,
  parseJsonObject,
  requireString,
} from '../../../core/args/arg-values.js';

/** Frappe's cap on `insert_many` (docs/spec/api-rest-rpc.md §6.5, vector A33). */
const MAX_INSERTS = 200;

/**
 * Inserts one document given as `frappe.client.insert` receives it: the body
 * names its `doctype`; a child row (with `parent`, `parenttype`,
 * `parentfield`) is appended to its parent, which is saved and returned.
 */
export async function insertClientDoc(ctx: Context, body: Record<string, unknown>): Promise<Doc> {
  const doctype = requireString(body['doctype'], 'doctype');
  if (
    typeof body['parent'] === 'string' &&
    typeof body['parenttype'] === 'string' &&
    typeof body['parentfield'] === 'string'
  ) {
    return appendChildRow(ctx, body, body['parenttype'], body['parent'], body['parentfield']);
  }
  await assertMaySubmitOnInsert(ctx, doctype, body);
  return insertDoc(ctx, insertBody(ctx.site.meta.getMeta(doctype), body));
}

async function appendChildRow(
  ctx: Context,
  row: Record<string, unknown>,
  parenttype: string,
  parent: string,
  parentfield: string,
): Promise<Doc> {
  const parentDoc = await getDoc(ctx, parenttype, parent);
  const field = ctx.site.meta
    .getMeta(parenttype)
    .tableFields.find((table) => table.fieldname === parentfield);
  if (field === undefined || field.options !== row['doctype']) {
    throw new ValidationError(
      `${parenttype} has no child table ${parentfield} of type ${String(row['doctype'])}`,
    );
  }
  const { parent: _p, parenttype: _t, parentfield: _f, doctype: _d, ...values } = row;
  const rows = Array.isArray(parentDoc[parentfield]) ? (parentDoc[parentfield] as unknown[]) : [];
  return saveDoc(ctx, { ...parentDoc, [parentfield]: [...rows, values] });
}

async function insert(args: Record<string, unknown>, ctx: Context): Promise<Doc> {
  return insertClientDoc(ctx, parseJsonObject(args['doc'], 'doc'));
}

/** All or nothing: the request's transaction rolls every insert back when one fails. */
async function insert_many(args: Record<string, unknown>, ctx: Context): Promise<string[]> {
  const docs = parseJsonArray(args['docs'], 'docs');
  if (docs.length > MAX_INSERTS)
    throw new ValidationError(`Only ${MAX_INSERTS} inserts allowed in one request`);
  const names: string[] = [];
  for (const doc of docs) {
    if (!isPlainObject(doc))
      throw new ValidationError("Each entry of 'docs' must be a JSON object");
    const inserted = await insertClientDoc(ctx, doc);
    names.push(String(inserted.name));
  }
  return names;
}

export const insertMethod = clientMethod('insert', insert, WRITE_VERBS);
export const insertManyMethod = clientMethod('insert_many', insert_many, WRITE_VERBS);
