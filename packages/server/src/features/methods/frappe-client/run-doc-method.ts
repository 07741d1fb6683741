import { DoesNotExistError } from '../../../core/errors/index.js';
import type { Context } from '../../../engine/context.js';
import type { Doc } from '../../../engine/doc.js';
import { runDocMethod } from '../../../engine/document.js';
import { checkPermission } from '../../../engine/permissions/index.js';
import { getReadableDoc } from './read-guard.js';

/** What a document-method call gives back: the result and the document after the call (v2's `docs`). */
export interface DocMethodResult {
  readonly result: unknown;
  readonly doc: Doc;
}

/**
 * A whitelisted controller method called over HTTP
 * (`/api/resource/{dt}/{name}?run_method=`, v2 `/document/{dt}/{name}/method/{m}`):
 * reading needs `read`, a writing verb needs `write` (api-rest-rpc.md §4.6, §12.2).
 * An unknown method is a 404, as in Frappe.
 */
export async function callDocMethod(
  ctx: Context,
  doctype: string,
  name: string,
  method: string,
  args: Record<string, unknown>,
  writes: boolean,
): Promise<DocMethodResult> {
  const doc = await getReadableDoc(ctx, doctype, name);
  if (writes) await checkPermission(ctx, doctype, 'write', doc);
  if (!hasDocMethod(ctx, doctype, method))
    throw new DoesNotExistError(`Method ${method} not found on ${doctype}`);
  const result = await runDocMethod(ctx, doctype, name, method, args);
  return { result, doc: await getReadableDoc(ctx, doctype, name) };
}

/** Whether the DocType's controller whitelists `method`. */
export function hasDocMethod(ctx: Context, doctype: string, method: string): boolean {
  const methods = ctx.site.apps.controller(doctype)?.methods;
  return methods !== undefined && Object.hasOwn(methods, method);
}
