import type { DocOperation } from '../operation.js';
import { getUserPermissions, type UserPermissionMap } from '../permissions/user-permissions.js';

/**
 * Frappe's User Permission defaults on a new document (`frappe.new_doc`,
 * which `insert` fills missing values from): an empty Link field takes the
 * record the user's User Permissions mark `is_default` for its target
 * DocType, or the only record they allow. Fields that ignore User
 * Permissions and links to User are left alone, as in Frappe.
 */
export async function applyUserPermissionDefaults(op: DocOperation): Promise<void> {
  if (!op.isNew || op.ctx.flags.inInstall) return;
  const links = op.meta.valueFields.filter(
    (field) =>
      field.fieldtype === 'Link' &&
      field.options !== 'User' &&
      !field.ignore_user_permissions &&
      (op.doc[field.fieldname] === undefined ||
        op.doc[field.fieldname] === null ||
        op.doc[field.fieldname] === ''),
  );
  if (links.length === 0) return;
  const permissions = await getUserPermissions(op.ctx);
  for (const field of links) {
    const value = defaultRecord(permissions, field.options, op.meta.name);
    if (value !== undefined) op.doc[field.fieldname] = value;
  }
}

function defaultRecord(
  permissions: UserPermissionMap,
  allow: string,
  doctype: string,
): string | undefined {
  const entries = (permissions.get(allow) ?? []).filter(
    (entry) => entry.applicableFor === null || entry.applicableFor === doctype,
  );
  const marked = entries.find((entry) => entry.isDefault);
  if (marked !== undefined) return marked.doc;
  const distinct = [...new Set(entries.map((entry) => entry.doc))];
  return distinct.length === 1 ? distinct[0] : undefined;
}
