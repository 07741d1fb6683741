import type { Context } from '../../engine/context.js';
import type { Doc } from '../../engine/doc.js';
import { deleteDoc, insertDoc, updateDoc } from '../../engine/document.js';
import { insertBody, updateBody } from './doc-body.js';
import { assertDoctypeReadable, permittedView } from './read-guard.js';
import { assertMaySubmitOnInsert } from './submit-on-insert.js';

/**
 * The writes behind the resource URLs of v1 and v2: the body cleaned of
 * keys a client may not set, the existence guard before by-name writes, and
 * the result trimmed to the fields the user may read. Serialisation (nulls
 * or not) is left to each API version.
 */
export async function insertResource(
  ctx: Context,
  doctype: string,
  body: Record<string, unknown>,
): Promise<Doc> {
  await assertMaySubmitOnInsert(ctx, doctype, body);
  return permittedView(ctx, await insertDoc(ctx, insertBody(ctx.site.meta.getMeta(doctype), body)));
}

/** A partial update (PUT/PATCH). */
export async function updateResource(
  ctx: Context,
  doctype: string,
  name: string,
  body: Record<string, unknown>,
): Promise<Doc> {
  await assertDoctypeReadable(ctx, doctype);
  const patch = updateBody(ctx.site.meta.getMeta(doctype), name, body);
  return permittedView(ctx, await updateDoc(ctx, doctype, name, patch));
}

export async function deleteResource(ctx: Context, doctype: string, name: string): Promise<void> {
  await assertDoctypeReadable(ctx, doctype);
  await deleteDoc(ctx, doctype, name);
}
