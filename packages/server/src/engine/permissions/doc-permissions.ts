import type { Meta, PermissionType } from '../../model/meta.js';
import type { Context } from '../context.js';
import type { Doc } from '../doc.js';
import { resolveChildParent } from './child-parent.js';
import { getDocRights } from './doc-rights.js';
import { loadDoc } from '../store/doc-store.js';
import { passesPermissionHooks } from './permission-hooks.js';
import {
  allRights,
  bypassesPermissions,
  noRights,
  PERMISSION_TYPES,
  type Rights,
} from './rights.js';

/** Rights as `frappe.client.get_doc_permissions` sends them: `{read: 1, write: 0, …}`. */
export type DocPermissions = Record<PermissionType, 0 | 1>;

/**
 * Every right of `ctx.user` on `doc`, as 0/1 flags. A child row is judged
 * through its parent document.
 *
 * @example
 * await getDocPermissions(ctx, 'Note', note) // {select: 1, read: 1, write: 0, …}
 */
export async function getDocPermissions(
  ctx: Context,
  doctype: string,
  doc: Doc,
): Promise<DocPermissions> {
  return asFlags(await docRights(ctx, doctype, doc));
}

async function docRights(ctx: Context, doctype: string, doc: Doc): Promise<Rights> {
  if (bypassesPermissions(ctx)) return allRights();
  const meta = ctx.site.meta.getMeta(doctype);
  if (!meta.istable) return hookedRights(ctx, meta, doc);
  const parent = resolveChildParent(ctx, meta, doc);
  if ('denial' in parent || typeof doc.parent !== 'string') return noRights();
  const parentDoc = await loadDoc(ctx, parent.parentMeta, doc.parent);
  return parentDoc === null ? noRights() : hookedRights(ctx, parent.parentMeta, parentDoc);
}

/** Document rights with every right an app's `has_permission` hook vetoes taken away. */
async function hookedRights(ctx: Context, meta: Meta, doc: Doc): Promise<Rights> {
  const rights = { ...(await getDocRights(ctx, meta, doc)).rights };
  for (const ptype of PERMISSION_TYPES) {
    if (rights[ptype]) rights[ptype] = await passesPermissionHooks(ctx, meta.name, ptype, doc);
  }
  return rights;
}

function asFlags(rights: Rights): DocPermissions {
  return Object.fromEntries(
    PERMISSION_TYPES.map((ptype) => [ptype, rights[ptype] ? 1 : 0]),
  ) as DocPermissions;
}
