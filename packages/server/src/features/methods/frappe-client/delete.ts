import type { Context } from '../../../engine/context.js';
import { deleteDoc } from '../../../engine/document.js';
import { clientMethod } from './client-method.js';
import { requireString } from '../../../core/args/arg-values.js';

/** `frappe.client.delete`: returns nothing, so the body is `{}`. */
async function deleteMethodHandler(
  args: Record<string, unknown>,
  ctx: Context,
): Promise<undefined> {
  await deleteDoc(
    ctx,
    requireString(args['doctype'], 'doctype'),
    requireString(args['name'], 'name'),
  );
  return undefined;
}

export const deleteMethod = clientMethod('delete', deleteMethodHandler, ['POST', 'DELETE']);
