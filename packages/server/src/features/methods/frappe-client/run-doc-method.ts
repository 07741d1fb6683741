import type { Context } from '../../../engine/context.js';
import type { Doc } from '../../../engine/doc.js';
import { getDoc, resolveDocMethod } from '../../../engine/document.js';
import { loadDoc } from '../../../engine/store/doc-store.js';
import { checkPermission } from '../../../engine/permissions/index.js';
import { assertDoctypeReadable, permittedView } from '../../resource/read-guard.js';

/** What a document-method call gives back: the result and the document after the call (v2's `docs`). */
export interface DocMethodResult {
  readonly result: unknown;
  readonly doc: Doc;
}

/**
 * A whitelisted document method called over HTTP
 * (`/api/resource/{dt}/{name}?run_method=`, v2 `/document/{dt}/{name}/method/{m}`):
 * reading needs `read`, a writing verb needs `write` (docs/spec/api-rest-rpc.md §4.6, §12.2).
 * A method that does not exist is a 404, one that exists but is not
 * whitelisted a 403, as in Frappe.
 */
export async function callDocMethod(
  ctx: Context,
  doctype: string,
  name: string,
  method: string,
  args: Record<string, unknown>,
  writes: boolean,
): Promise<DocMethodResult> {
  await assertDoctypeReadable(ctx, doctype);
  const doc = await getDoc(ctx, doctype, name);
  if (writes) await checkPermission(ctx, doctype, 'write', doc);
  return invokeDocMethod(ctx, doc, method, args);
}

/**
 * Runs `method` on `doc` (already permission-checked) and returns its result
 * with the document as it stands afterwards, filtered to what the user may
 * read: reloaded when it is stored (methods write through the engine, and
 * `rename` moves it), as the method left it when it is not.
 */
export async function invokeDocMethod(
  ctx: Context,
  doc: Doc,
  method: string,
  args: Record<string, unknown>,
): Promise<DocMethodResult> {
  const handler = resolveDocMethod(ctx, doc.doctype, method);
  const result = await handler(doc, args, ctx);
  const stored = await storedVersion(ctx, doc);
  return { result, doc: permittedView(ctx, stored ?? doc) };
}

async function storedVersion(ctx: Context, doc: Doc): Promise<Doc | undefined> {
  if (typeof doc.name !== 'string' || doc.name === '') return undefined;
  const meta = ctx.site.meta.getMeta(doc.doctype);
  const trusted = { ...ctx, flags: { ...ctx.flags, ignorePermissions: true } };
  return (await loadDoc(trusted, meta, doc.name)) ?? undefined;
}
