import { ValidationError } from '../../../core/errors/index.js';
import type { Context } from '../../../engine/context.js';
import { getDoc } from '../../../engine/document.js';
import {
  getDocPermissions,
  hasPermission,
  PERMISSION_TYPES,
} from '../../../engine/permissions/index.js';
import type { PermissionType } from '../../../model/meta.js';
import { clientMethod } from './client-method.js';
import { requireString } from '../../../core/args/arg-values.js';

/**
 * `frappe.client.has_permission`: `{has_permission: boolean}`. Without any
 * right on the DocType the answer is false before the record is looked up,
 * so the call reveals nothing about which names exist.
 */
async function has_permission(
  args: Record<string, unknown>,
  ctx: Context,
): Promise<{ has_permission: boolean }> {
  const doctype = requireString(args['doctype'], 'doctype');
  const docname = requireString(args['docname'], 'docname');
  const ptype = permissionType(args['perm_type']);
  if (!(await hasPermission(ctx, doctype, ptype))) return { has_permission: false };
  const doc = await getDoc(
    { ...ctx, flags: { ...ctx.flags, ignorePermissions: true } },
    doctype,
    docname,
  );
  return { has_permission: await hasPermission(ctx, doctype, ptype, doc) };
}

/** `frappe.client.get_doc_permissions`: needs read on the record; rights as 0/1. */
async function get_doc_permissions(
  args: Record<string, unknown>,
  ctx: Context,
): Promise<{ permissions: Record<string, number> }> {
  const doctype = requireString(args['doctype'], 'doctype');
  const doc = await getDoc(ctx, doctype, requireString(args['docname'], 'docname'));
  const permissions: Record<string, unknown> = { ...(await getDocPermissions(ctx, doctype, doc)) };
  return {
    permissions: Object.fromEntries(
      Object.entries(permissions).map(([ptype, granted]) => [ptype, granted ? 1 : 0]),
    ),
  };
}

function permissionType(value: unknown): PermissionType {
  const ptype =
    value === undefined || value === null || value === '' ? 'read' : String(value).toLowerCase();
  if (!(PERMISSION_TYPES as readonly string[]).includes(ptype))
    throw new ValidationError(`Unknown permission type ${ptype}`);
  return ptype as PermissionType;
}

export const hasPermissionMethod = clientMethod('has_permission', has_permission);
export const getDocPermissionsMethod = clientMethod('get_doc_permissions', get_doc_permissions);
