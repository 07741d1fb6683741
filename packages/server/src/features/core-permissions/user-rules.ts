import type {
  PermissionHook,
  PermissionQueryCondition,
} from '../../engine/runtime/app-definition.js';

/** Records only Administrator may see or change (Frappe's `STANDARD_USERS`). */
const STANDARD_USERS = ['Administrator', 'Guest'];

/** Frappe's User list rule: the standard users are hidden from everyone but Administrator. */
export const userQueryCondition: PermissionQueryCondition = () => (eb, table) =>
  eb(`${table}.name`, 'not in', STANDARD_USERS);

/** Frappe's User document rule: nobody but Administrator reads or edits the standard users. */
export const userHasPermission: PermissionHook = (doc) =>
  typeof doc.name !== 'string' || !STANDARD_USERS.includes(doc.name);
