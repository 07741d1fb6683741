import { PermissionError } from '../../core/errors/index.js';
import type { Context } from '../../engine/context.js';
import { hasPermission } from '../../engine/permissions/index.js';

/**
 * A new document sent with `docstatus: 1` asks for a submit, so Frappe
 * checks the submit right before anything else: a user without it gets 403
 * `PermissionError`, even on a DocType that is not submittable (where the
 * right cannot exist); only a user who holds it reaches the docstatus check.
 */
export async function assertMaySubmitOnInsert(
  ctx: Context,
  doctype: string,
  body: Record<string, unknown>,
): Promise<void> {
  const docstatus = body['docstatus'];
  if (docstatus !== 1 && docstatus !== '1') return;
  if (ctx.flags.ignorePermissions || (await hasPermission(ctx, doctype, 'submit'))) return;
  throw new PermissionError(`Insufficient Permission for ${doctype}`, { title: 'Not Permitted' });
}
