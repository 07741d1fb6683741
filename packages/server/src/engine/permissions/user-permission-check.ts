import type { DocField, Meta } from '../../model/meta.js';
import type { Context } from '../context.js';
import type { Doc } from '../doc.js';
import { isStrictUserPermissions } from './strict-user-permissions.js';
import { allowedValues, getUserPermissions, type UserPermissionMap } from './user-permissions.js';

/** Outcome of the User Permission check on one document; `message` explains a denial. */
export type UserPermissionResult =
  { readonly allowed: true } | { readonly allowed: false; readonly message: string };

/**
 * Whether `doc` passes the User Permissions of `ctx.user` (spec permissions
 * §7.3): its own name when the user is restricted on its DocType, and every
 * Link value of the document and its child rows.
 */
export async function hasUserPermission(
  ctx: Context,
  meta: Meta,
  doc: Doc,
): Promise<UserPermissionResult> {
  const map = await getUserPermissions(ctx);
  if (map.size === 0) return { allowed: true };
  const strict = !meta.issingle && (await isStrictUserPermissions(ctx));
  const own = allowedValues(map, meta.name, meta.name);
  if (own.length > 0 && doc.name !== undefined && !own.includes(doc.name)) {
    return { allowed: false, message: `Not allowed for ${meta.name}: ${doc.name}` };
  }
  const failure = checkLinks(map, meta, meta.name, doc, strict, null);
  if (failure !== null) return { allowed: false, message: failure };
  for (const table of meta.tableFields) {
    const rows = Array.isArray(doc[table.fieldname]) ? (doc[table.fieldname] as Doc[]) : [];
    if (rows.length === 0 || !ctx.site.meta.has(table.options)) continue;
    const childMeta = ctx.site.meta.getMeta(table.options);
    for (const [index, row] of rows.entries()) {
      const rowFailure = checkLinks(
        map,
        childMeta,
        meta.name,
        row,
        strict,
        Number(row.idx ?? index + 1),
      );
      if (rowFailure !== null) return { allowed: false, message: rowFailure };
    }
  }
  return { allowed: true };
}

/** Link fields of `meta` that User Permissions restrict (Dynamic Links never do). */
export function restrictedLinkFields(meta: Meta): DocField[] {
  return meta.linkFields.filter(
    (field) => field.fieldtype === 'Link' && !field.ignore_user_permissions && field.options !== '',
  );
}

function checkLinks(
  map: UserPermissionMap,
  meta: Meta,
  doctype: string,
  values: Doc,
  strict: boolean,
  rowIdx: number | null,
): string | null {
  for (const field of restrictedLinkFields(meta)) {
    const allowed = allowedValues(map, field.options, doctype);
    if (allowed.length === 0) continue;
    const value = values[field.fieldname];
    const empty = value === undefined || value === null || value === '';
    if (empty ? !strict : allowed.includes(String(value))) continue;
    return deniedLinkMessage(doctype, field, empty ? '' : String(value), rowIdx);
  }
  return null;
}

function deniedLinkMessage(
  doctype: string,
  field: DocField,
  value: string,
  rowIdx: number | null,
): string {
  const label = field.label || field.fieldname;
  const where = rowIdx === null ? `field ${label}` : `row ${rowIdx}, field ${label}`;
  return `You are not allowed to access this ${doctype} record because it is linked to ${field.options} '${value}' in ${where}`;
}
