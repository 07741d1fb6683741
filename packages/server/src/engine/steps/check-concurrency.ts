import { DoesNotExistError, TimestampMismatchError } from '../../core/errors/index.js';
import type { DocOperation } from '../operation.js';
import { loadDoc } from '../store/doc-store.js';

/**
 * Re-reads the stored document under a row lock and compares its `modified`
 * with the one the client sent (§10). No `modified` sent: last write wins.
 */
export async function checkConcurrency(op: DocOperation): Promise<void> {
  const stored = await loadDoc(op.ctx, op.meta, String(op.doc.name), true);
  if (!stored) throw new DoesNotExistError(`${op.meta.name} ${String(op.doc.name)} not found`);
  op.before = stored;
  const sent = op.originalModified;
  if (sent === null || stored.modified === null || sent === stored.modified) return;
  throw new TimestampMismatchError(
    `Error: ${String(op.doc.name)} (${op.meta.name}) has been modified after you have opened it (${String(stored.modified)}, ${sent}). Please refresh to get the latest document.`,
  );
}
