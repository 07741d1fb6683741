import type { PermissionType } from '../../model/meta.js';

/** Every right a DocPerm row can grant, in Frappe's order (`frappe.permissions.rights`). */
export const PERMISSION_TYPES: readonly PermissionType[] = [
  'select',
  'read',
  'write',
  'create',
  'delete',
  'submit',
  'cancel',
  'amend',
  'print',
  'email',
  'report',
  'import',
  'export',
  'share',
];

/** One boolean per right. */
export type Rights = Record<PermissionType, boolean>;

/** Rights only a submittable DocType can grant. */
export const SUBMIT_RIGHTS: readonly PermissionType[] = ['submit', 'cancel', 'amend'];

/** A rights object with everything denied. */
export function noRights(): Rights {
  return Object.fromEntries(PERMISSION_TYPES.map((ptype) => [ptype, false])) as Rights;
}

/** A rights object with everything granted (Administrator). */
export function allRights(): Rights {
  return Object.fromEntries(PERMISSION_TYPES.map((ptype) => [ptype, true])) as Rights;
}

/** True when permissions are not evaluated at all for this context. */
export function bypassesPermissions(ctx: {
  readonly user: string;
  readonly flags: { readonly ignorePermissions?: boolean };
}): boolean {
  return ctx.user === 'Administrator' || ctx.flags.ignorePermissions === true;
}
