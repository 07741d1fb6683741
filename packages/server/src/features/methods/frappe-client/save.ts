import type { Context } from '../../../engine/context.js';
import type { Doc } from '../../../engine/doc.js';
import { cancelDoc, saveDoc, submitDoc } from '../../../engine/document.js';
import { clientMethod, WRITE_VERBS } from './client-method.js';
import { parseJsonObject, requireString } from './request-values.js';

/** `frappe.client.save`: the whole document; a `modified` in it enables the stale check. */
async function save(args: Record<string, unknown>, ctx: Context): Promise<Doc> {
  const doc = parseJsonObject(args['doc'], 'doc');
  requireString(doc['name'], 'doc.name');
  return saveDoc(ctx, { ...doc, doctype: requireString(doc['doctype'], 'doc.doctype') });
}

/** `frappe.client.submit`: submits the stored document named by `doc`. */
async function submit(args: Record<string, unknown>, ctx: Context): Promise<Doc> {
  const doc = parseJsonObject(args['doc'], 'doc');
  return submitDoc(
    ctx,
    requireString(doc['doctype'], 'doc.doctype'),
    requireString(doc['name'], 'doc.name'),
  );
}

/** `frappe.client.cancel`. */
async function cancel(args: Record<string, unknown>, ctx: Context): Promise<Doc> {
  return cancelDoc(
    ctx,
    requireString(args['doctype'], 'doctype'),
    requireString(args['name'], 'name'),
  );
}

export const saveMethod = clientMethod('save', save, WRITE_VERBS);
export const submitMethod = clientMethod('submit', submit, WRITE_VERBS);
export const cancelMethod = clientMethod('cancel', cancel, WRITE_VERBS);
