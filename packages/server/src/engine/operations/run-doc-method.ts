import type { Context } from '../context.js';
import { resolveDocMethod } from '../runtime/base-doc-methods.js';
import { getDoc } from './get-doc.js';

/**
 * Calls a whitelisted document method on a stored document
 * (`run_doc_method`). Permission checks are the caller's; a method that is
 * not whitelisted is refused like Frappe's `is_whitelisted`.
 */
export async function runDocMethod(
  ctx: Context,
  doctype: string,
  name: string,
  method: string,
  args: Record<string, unknown>,
): Promise<unknown> {
  const handler = resolveDocMethod(ctx, doctype, method);
  return handler(await getDoc(ctx, doctype, name), args, ctx);
}
