import type { Meta } from '../../model/meta.js';
import type { Context } from '../context.js';
import type { Doc } from '../doc.js';
import { getRolePermissions } from './doctype-permissions.js';
import { noRights, PERMISSION_TYPES, type Rights } from './rights.js';
import { hasUserPermission } from './user-permission-check.js';

/** Rights on one document, and why they were cut when User Permissions failed. */
export interface DocRights {
  readonly rights: Rights;
  /** Explanation of a User Permission failure; null when none failed. */
  readonly userPermissionDenial: string | null;
}

/** Whether `doc` belongs to `user` (Frappe compares case-insensitively). */
export function isDocOwner(doc: Doc, user: string): boolean {
  return typeof doc.owner === 'string' && doc.owner.toLowerCase() === user.toLowerCase();
}

/**
 * Rights of `ctx.user` on a document of a non-child DocType (spec permissions
 * §4 steps 3–6): role rights with the owner known, if-owner rights applied,
 * then User Permissions, which can only take rights away.
 */
export async function getDocRights(ctx: Context, meta: Meta, doc: Doc): Promise<DocRights> {
  const isOwner = isDocOwner(doc, ctx.user);
  const role = getRolePermissions(ctx, meta, { isOwner });
  const rights: Rights = { ...role.rights, ...(role.hasIfOwnerEnabled ? role.ifOwner : {}) };
  if (!PERMISSION_TYPES.some((ptype) => rights[ptype]))
    return { rights, userPermissionDenial: null };
  const check = await hasUserPermission(ctx, meta, doc);
  if (check.allowed) return { rights, userPermissionDenial: null };
  // An owner keeps what if-owner rows give; everything else is lost (create included).
  const kept: Rights = isOwner ? { ...noRights(), ...role.ifOwner, create: false } : noRights();
  return { rights: kept, userPermissionDenial: check.message };
}
