export { getRoles } from './roles.js';
export { getRolePermissions, type RolePermissions } from './doctype-permissions.js';
export { hasPermission, checkPermission, type PermissionCheckOptions } from './has-permission.js';
export {
  getUserPermissions,
  allowedValues,
  type UserPermissionMap,
  type UserPermissionEntry,
} from './user-permissions.js';
export { hasUserPermission } from './user-permission-check.js';
export {
  getPermittedFields,
  getPermittedTableFields,
  resetUnwritableFields,
  permlevelAccess,
} from './permlevels.js';
export { filterReadable, markReadable } from './read-fields.js';
export { applyListPermissions, type ListPermissionOptions } from './list-conditions.js';
export { getDocPermissions, type DocPermissions } from './doc-permissions.js';
export { PERMISSION_TYPES, type Rights } from './rights.js';
export { isSharedWith } from './shares.js';
