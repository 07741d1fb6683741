import type { Context } from '../../../engine/context.js';
import { renameDoc } from '../../../engine/document.js';
import { clientMethod, WRITE_VERBS } from './client-method.js';
import { parseBool, requireString } from '../../../core/args/arg-values.js';

/** `frappe.client.rename_doc`: returns the new name. */
async function rename_doc(args: Record<string, unknown>, ctx: Context): Promise<string> {
  const newName = requireString(args['new_name'], 'new_name');
  const renamed = await renameDoc(
    ctx,
    requireString(args['doctype'], 'doctype'),
    requireString(args['old_name'], 'old_name'),
    newName,
    { merge: parseBool(args['merge'], 'merge', false) },
  );
  return String(renamed.name ?? newName);
}

export const renameDocMethod = clientMethod('rename_doc', rename_doc, WRITE_VERBS);
