/**
 * Every right a DocPerm row can grant, in Frappe's order
 * (`frappe.permissions.rights`): the server checks them, the desk's Role
 * Permissions Manager shows one column each.
 *
 * @example
 * PERMISSION_TYPES.includes('submit'); // true
 */
export const PERMISSION_TYPES = [
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
] as const;

/** One right of a DocPerm row. */
export type PermissionTypeName = (typeof PERMISSION_TYPES)[number];
