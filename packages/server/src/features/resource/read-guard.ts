import { PermissionError } from '../../core/errors/index.js';
import type { Context } from '../../engine/context.js';
import type { Doc } from '../../engine/doc.js';
import { getDoc } from '../../engine/document.js';
import { filterReadable, hasPermission } from '../../engine/permissions/index.js';

/**
 * Frappe's existence oracle guard (docs/spec/api-rest-rpc.md §8.5, §14.16): a user
 * who may not read the DocType at all gets 403 for any name, so a 404 never
 * tells them which names exist. Call it before every by-name operation.
 */
export async function assertDoctypeReadable(ctx: Context, doctype: string): Promise<void> {
  if ((await hasPermission(ctx, doctype, 'read')) || (await hasPermission(ctx, doctype, 'select')))
    return;
  throw new PermissionError(`Insufficient Permission for ${doctype}`);
}

/** A stored document as the user may see it: guarded, read-checked, fields above their permlevel removed. */
export async function getReadableDoc(ctx: Context, doctype: string, name: string): Promise<Doc> {
  await assertDoctypeReadable(ctx, doctype);
  return permittedView(ctx, await getDoc(ctx, doctype, name));
}

/**
 * `doc` without the fields whose permission level the user cannot read
 * (docs/spec/api-rest-rpc.md §4.3), child rows included: the engine's one read filter.
 */
export function permittedView(ctx: Context, doc: Doc): Doc {
  return filterReadable(ctx, doc);
}
