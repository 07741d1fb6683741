import type { PermissionType } from '../../model/meta.js';
import type { DocOperation, Step } from '../operation.js';
import { checkPermission } from '../permissions/has-permission.js';

/** A step that requires `ptype` on the document unless the caller set `ignorePermissions`. */
export function requirePermission(ptype: PermissionType): Step {
  const step = async (op: DocOperation) => {
    if (!op.ctx.flags.ignorePermissions) await checkPermission(op.ctx, op.meta.name, ptype, op.doc);
  };
  Object.defineProperty(step, 'name', { value: `require_${ptype}` });
  return step;
}

/**
 * The rights the decided action needs on top of `write` (§7.4–§7.6):
 * submit and update-after-submit need `submit`, cancel needs `cancel`.
 */
export async function checkActionPermission(op: DocOperation): Promise<void> {
  if (op.ctx.flags.ignorePermissions) return;
  if (op.action === 'submit' || op.action === 'update_after_submit')
    await checkPermission(op.ctx, op.meta.name, 'submit', op.doc);
  if (op.action === 'cancel') await checkPermission(op.ctx, op.meta.name, 'cancel', op.doc);
}
