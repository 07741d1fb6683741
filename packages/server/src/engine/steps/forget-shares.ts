import type { DocOperation } from '../operation.js';
import { shareTableReady } from '../permissions/shares.js';

/**
 * A deleted document's shares go with it (docs/spec/permissions.md §8); done before
 * the back-link check so the shares' Dynamic Links never block the delete.
 */
export async function forgetShares(op: DocOperation): Promise<void> {
  if (!op.ctx.site.meta.has('DocShare') || op.meta.name === 'DocShare' || op.meta.issingle) return;
  if (!(await shareTableReady(op.ctx))) return;
  await op.ctx.uow.db
    .deleteFrom('tabDocShare')
    .where('share_doctype', '=', op.meta.name)
    .where('share_name', '=', String(op.doc.name))
    .execute();
}
