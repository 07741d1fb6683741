import { PermissionError } from '../../../core/errors/index.js';
import type { Context } from '../../../engine/context.js';
import { hasPermission } from '../../../engine/permissions/index.js';
import { getValue } from '../../../engine/query/index.js';
import { clientMethod } from './client-method.js';
import { parseJsonArray, requireString } from '../../../core/args/arg-values.js';

/**
 * `frappe.client.validate_link` (v15 shape): `{name}` with the stored,
 * canonical-case name (null when the record does not exist), plus the
 * requested `fields` of that record.
 */
async function validate_link(
  args: Record<string, unknown>,
  ctx: Context,
): Promise<Record<string, unknown>> {
  const doctype = requireString(args['doctype'], 'doctype');
  const docname = requireString(args['docname'], 'docname');
  if (
    !(await hasPermission(ctx, doctype, 'select')) &&
    !(await hasPermission(ctx, doctype, 'read'))
  ) {
    throw new PermissionError(`No permission for ${doctype}`);
  }
  const name = await getValue(ctx, doctype, docname, 'name', false);
  if (typeof name !== 'string') return { name: null };
  const fields =
    args['fields'] === undefined || args['fields'] === ''
      ? []
      : parseJsonArray(args['fields'], 'fields');
  if (fields.length === 0) return { name };
  const values = await getValue(ctx, doctype, name, fields as string[], true);
  return { ...(values as Record<string, unknown> | null), name };
}

export const validateLinkMethod = clientMethod('validate_link', validate_link, ['GET', 'POST']);
