import type { DocPerm, Meta, PermissionType } from '../../model/meta.js';
import { allRights, noRights, PERMISSION_TYPES, SUBMIT_RIGHTS, type Rights } from './rights.js';

/** Rights of a user on a DocType, as Frappe's `role_permissions` computes them (docs/spec/permissions.md §3). */
export interface RolePermissions {
  /** Plain rights; a right given only by if-owner rows shows here as `read`/`select` only. */
  readonly rights: Rights;
  /** Some level-0 row of the user's roles is an if-owner row. */
  readonly hasIfOwnerEnabled: boolean;
  /** Rights that exist only through if-owner rows: true when the document is the user's own. */
  readonly ifOwner: Partial<Rights>;
}

/** Who is asking: the user and all of their roles. */
export interface PermissionSubject {
  readonly user: string;
  readonly roles: ReadonlySet<string>;
}

/**
 * The DocType whose rows decide for `meta`: the DocType itself, or for a child
 * DocType the parent (child tables have no rows of their own, spec §6).
 * Returns null for a child DocType when no parent is known.
 */
export function permissionMeta(meta: Meta, parentMeta?: Meta): Meta | null {
  if (!meta.istable) return meta;
  return parentMeta === undefined || parentMeta.istable ? null : parentMeta;
}

/**
 * Level-0 rights of `subject` on `meta` (child DocTypes: pass `parentMeta`).
 * `isOwner` is whether the document in question belongs to the user; leave it
 * undefined for a check without a document.
 *
 * @example
 * getRolePermissions({ user: 'u1', roles }, noteMeta, { isOwner: true }).rights.write
 */
export function getRolePermissions(
  subject: PermissionSubject,
  meta: Meta,
  options: { readonly isOwner?: boolean; readonly parentMeta?: Meta } = {},
): RolePermissions {
  if (subject.user === 'Administrator')
    return { rights: allRights(), hasIfOwnerEnabled: false, ifOwner: {} };
  const source = permissionMeta(meta, options.parentMeta);
  if (source === null) return { rights: noRights(), hasIfOwnerEnabled: false, ifOwner: {} };
  const rows = source.permissions.filter(
    (row) => row.permlevel === 0 && subject.roles.has(row.role),
  );
  const result = combineRows(rows, options.isOwner === true);
  if (!source.is_submittable) for (const ptype of SUBMIT_RIGHTS) result.rights[ptype] = false;
  // Frappe's get_doc_permissions: a DocType without `allow_import` cannot be imported into by anyone.
  if (source.allow_import !== true) {
    result.rights.import = false;
    delete result.ifOwner.import;
  }
  return result;
}

function combineRows(
  rows: readonly DocPerm[],
  isOwner: boolean,
): { rights: Rights; hasIfOwnerEnabled: boolean; ifOwner: Partial<Rights> } {
  const rights = noRights();
  const ifOwner: Partial<Rights> = {};
  const hasIfOwnerEnabled = rows.some((row) => row.if_owner);
  for (const ptype of PERMISSION_TYPES) {
    if (!rows.some((row) => row[ptype])) continue;
    rights[ptype] = true;
    if (hasIfOwnerEnabled && ptype !== 'create' && onlyThroughIfOwner(rows, ptype)) {
      ifOwner[ptype] = isOwner;
      // The list stays reachable (filtered to own records); every other right waits for a document.
      rights[ptype] = ptype === 'read' || ptype === 'select';
    }
  }
  impliedSelect(rights, ifOwner);
  return { rights, hasIfOwnerEnabled, ifOwner };
}

/** Whoever may read may also select, with the same owner restriction as the read. */
function impliedSelect(rights: Rights, ifOwner: Partial<Rights>): void {
  if (!rights.read || (rights.select && ifOwner.select === undefined)) return;
  rights.select = true;
  if (ifOwner.read === undefined) delete ifOwner.select;
  else ifOwner.select = ifOwner.read;
}

function onlyThroughIfOwner(rows: readonly DocPerm[], ptype: PermissionType): boolean {
  return !rows.some((row) => row[ptype] && !row.if_owner);
}

/** The user may read or select some records of the DocType (list entry check, spec §9.1). */
export function canListDocType(permissions: RolePermissions): boolean {
  return permissions.rights.read || permissions.rights.select;
}

/**
 * Every read/select the user has comes from if-owner rows, so a list must be
 * limited to the user's own records (Frappe's `requires_owner_constraint`).
 */
export function requiresOwnerConstraint(permissions: RolePermissions): boolean {
  if (!permissions.hasIfOwnerEnabled) return false;
  const viaOwner = (['read', 'select'] as const).filter((ptype) => permissions.rights[ptype]);
  return viaOwner.length > 0 && viaOwner.every((ptype) => permissions.ifOwner[ptype] !== undefined);
}
