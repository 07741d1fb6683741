import { PermissionError } from '../../core/errors/index.js';
import type { Context } from '../context.js';
import { getDoc } from './get-doc.js';

/**
 * Calls a whitelisted controller method on a stored document
 * (`run_doc_method`). The caller needs `read` on the document; a method the
 * controller does not whitelist is refused like Frappe's `is_whitelisted`.
 */
export async function runDocMethod(
  ctx: Context,
  doctype: string,
  name: string,
  method: string,
  args: Record<string, unknown>,
): Promise<unknown> {
  const handler = ctx.site.apps.controller(doctype)?.methods?.[method];
  if (!handler) throw new PermissionError(`Method ${method} is not whitelisted for ${doctype}`);
  const doc = await getDoc(ctx, doctype, name);
  return handler(doc, args, ctx);
}
