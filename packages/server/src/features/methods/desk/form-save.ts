import { ValidationError } from '../../../core/errors/index.js';
import type { WhitelistedMethod } from '../../../engine/runtime/app-definition.js';
import type { Context } from '../../../engine/context.js';
import type { Doc } from '../../../engine/doc.js';
import { insertDoc, updateDoc } from '../../../engine/document.js';
import { MethodResponse } from '../../../engine/runtime/method-response.js';
import { msgprint } from '../../../engine/runtime/msgprint.js';
import type { Meta } from '../../../model/meta.js';
import { insertBody, updateBody } from '../../resource/doc-body.js';
import { assertMaySubmitOnInsert } from '../../resource/submit-on-insert.js';
import { assertDoctypeReadable, permittedView } from '../../resource/read-guard.js';
import {
  isPlainObject,
  optionalString,
  parseJsonObject,
  requireString,
} from '../../../core/args/arg-values.js';
import { getDocinfo } from './docinfo.js';

/**
 * The desk form's writers: `frappe.desk.form.save.savedocs` (the whole
 * document with an `action`) and `.cancel`. Both answer the stored document
 * in `docs` with its `docinfo`, as Frappe's `send_updated_docs`, and log
 * the green "Saved" (or red "Cancelled") message.
 */
const PATH = 'frappe.desk.form.save';

/** The docstatus each form action asks for. */
const ACTION_DOCSTATUS: Readonly<Record<string, 0 | 1 | 2>> = {
  Save: 0,
  Submit: 1,
  Update: 1,
  Cancel: 2,
};

async function savedocs(args: Record<string, unknown>, ctx: Context): Promise<MethodResponse> {
  const sent = parseJsonObject(args['doc'], 'doc');
  const action = requireString(args['action'], 'action');
  const docstatus = ACTION_DOCSTATUS[action];
  if (docstatus === undefined) throw new ValidationError(`Invalid action ${action}`);
  const doctype = requireString(sent['doctype'], 'doc.doctype');
  const meta = ctx.site.meta.getMeta(doctype);
  const isNew = isTruthy(sent['__islocal']) || typeof sent['name'] !== 'string';
  const saved = isNew
    ? await insertNew(ctx, meta, { ...withoutLocalRows(meta, sent), docstatus })
    : await saveExisting(ctx, meta, sent, docstatus);
  msgprint(ctx, 'Saved', { indicator: 'green' });
  const localname = isNew && typeof sent['name'] === 'string' ? { localname: sent['name'] } : {};
  return updatedDocs(ctx, { ...saved, ...localname });
}

async function insertNew(ctx: Context, meta: Meta, doc: Record<string, unknown>): Promise<Doc> {
  await assertMaySubmitOnInsert(ctx, meta.name, doc);
  return insertDoc(ctx, insertBody(meta, doc));
}

async function saveExisting(
  ctx: Context,
  meta: Meta,
  sent: Record<string, unknown>,
  docstatus: 0 | 1 | 2,
): Promise<Doc> {
  const name = requireString(sent['name'], 'doc.name');
  await assertDoctypeReadable(ctx, meta.name);
  const patch = updateBody(meta, name, withoutLocalRows(meta, sent));
  // The stored document under what was sent, so a form that sends only some fields loses none.
  return updateDoc(ctx, meta.name, name, { ...patch, docstatus });
}

/**
 * `cancel`: the document is cancelled, after setting its workflow state
 * field when the desk names one (the field must exist on the DocType).
 */
async function cancel(args: Record<string, unknown>, ctx: Context): Promise<MethodResponse> {
  const doctype = requireString(args['doctype'], 'doctype');
  const name = requireString(args['name'], 'name');
  const meta = ctx.site.meta.getMeta(doctype);
  await assertDoctypeReadable(ctx, doctype);
  const stateField = optionalString(args['workflow_state_fieldname'], 'workflow_state_fieldname');
  const state = optionalString(args['workflow_state'], 'workflow_state');
  const workflow: Record<string, unknown> = {};
  if (stateField !== undefined && stateField !== '' && state !== undefined && state !== '') {
    if (!meta.fields.some((field) => field.fieldname === stateField))
      throw new ValidationError(`Field ${stateField} not found in ${doctype}`);
    workflow[stateField] = state;
  }
  const cancelled = await updateDoc(ctx, doctype, name, { ...workflow, docstatus: 2 });
  msgprint(ctx, 'Cancelled', { indicator: 'red' });
  return updatedDocs(ctx, cancelled);
}

/** Frappe's `send_updated_docs`: the document as the user may see it, with its docinfo. */
async function updatedDocs(ctx: Context, doc: Doc): Promise<MethodResponse> {
  return new MethodResponse({
    docs: [permittedView(ctx, doc)],
    docinfo: await getDocinfo(ctx, doc),
  });
}

/**
 * Child rows the desk created in the browser carry a temporary
 * `new-…` name and `__islocal`; they are new rows, so the name goes.
 */
function withoutLocalRows(meta: Meta, doc: Record<string, unknown>): Record<string, unknown> {
  const result = { ...doc };
  for (const field of meta.tableFields) {
    const rows = result[field.fieldname];
    if (!Array.isArray(rows)) continue;
    result[field.fieldname] = rows.map((row: unknown) => {
      if (!isPlainObject(row) || !isTruthy(row['__islocal'])) return row;
      const { name: _temporary, __islocal: _local, ...rest } = row;
      return rest;
    });
  }
  return result;
}

function isTruthy(value: unknown): boolean {
  return value === true || value === 1 || value === '1';
}

export const FORM_SAVE_METHODS: readonly WhitelistedMethod[] = [
  { path: `${PATH}.savedocs`, methods: ['POST', 'PUT'], handler: savedocs },
  { path: `${PATH}.cancel`, methods: ['POST', 'PUT'], handler: cancel },
];
