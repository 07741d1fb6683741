import type { Context } from '../../../engine/context.js';
import type { Doc } from '../../../engine/doc.js';
import { cancelDoc, saveDoc, updateDoc } from '../../../engine/document.js';
import { clientMethod, WRITE_VERBS } from './client-method.js';
import { parseJsonObject, requireString } from '../../../core/args/arg-values.js';

/** `frappe.client.save`: the whole document; a `modified` in it enables the stale check. */
async function save(args: Record<string, unknown>, ctx: Context): Promise<Doc> {
  const doc = parseJsonObject(args['doc'], 'doc');
  requireString(doc['name'], 'doc.name');
  return saveDoc(ctx, { ...doc, doctype: requireString(doc['doctype'], 'doc.doctype') });
}

/**
 * `frappe.client.submit`: like Frappe, the values sent in `doc` are saved with
 * docstatus 1, and a `modified` in it enables the stale check (a second
 * submit of the same copy is a TimestampMismatchError, not a silent resave).
 */
async function submit(args: Record<string, unknown>, ctx: Context): Promise<Doc> {
  // Older Frappe named the argument `doclist`; the Python frappe-client still sends it.
  const doc = parseJsonObject(args['doc'] ?? args['doclist'], 'doc');
  const doctype = requireString(doc['doctype'], 'doc.doctype');
  const name = requireString(doc['name'], 'doc.name');
  return updateDoc(ctx, doctype, name, { ...doc, docstatus: 1 });
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
