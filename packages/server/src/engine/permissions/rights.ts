import { PERMISSION_TYPES as PROTOCOL_PERMISSION_TYPES } from '@cortado/protocol';
import type { PermissionType } from '../../model/meta.js';

/** Every right a DocPerm row can grant, in Frappe's order (the list lives in `@cortado/protocol`). */
export const PERMISSION_TYPES: readonly PermissionType[] = PROTOCOL_PERMISSION_TYPES;

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
