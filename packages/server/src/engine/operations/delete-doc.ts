import type { Context } from '../context.js';
import { LIFECYCLE, runSteps } from '../lifecycle.js';
import type { DocOperation } from '../operation.js';
import { deleteVirtual } from '../store/virtual-doctype.js';
import { loadExisting } from './get-doc.js';

/**
 * Deletes a document and its rows (§7.8, §12): needs `delete`; a submitted
 * document must be cancelled first; records linking to it block the delete.
 */
export async function deleteDoc(ctx: Context, doctype: string, name: string): Promise<void> {
  const meta = ctx.site.meta.getMeta(doctype);
  const stored = await loadExisting(ctx, doctype, name, true);
  if (meta.is_virtual) return deleteVirtual(ctx, meta, stored);
  const op: DocOperation = {
    ctx,
    meta,
    doc: stored,
    before: stored,
    action: 'save',
    isNew: false,
    originalModified: null,
  };
  await runSteps(op, LIFECYCLE.delete);
}
