import { ValidationError } from '../../core/errors/index.js';
import type { DocOperation } from '../operation.js';
import { checkBackLinks } from '../store/back-links.js';
import { deleteChildren } from '../store/child-tables.js';
import { docToRow, insertRow } from '../store/doc-store.js';
import { hashName } from '../naming/make-name.js';
import { seriesParts, seriesPrefix } from '../naming/naming-series.js';
import { seriesVariables } from '../naming/naming-variables.js';
import { getSeriesCurrent, setSeriesCurrent } from '../../platform/db/series.js';
import { deleteSingle } from '../store/singles.js';

/** A submitted document must be cancelled before it can be deleted (§12). */
export function rejectSubmitted(op: DocOperation): void {
  if (op.meta.is_submittable && op.doc.docstatus === 1) {
    throw new ValidationError(
      `${op.meta.name} ${String(op.doc.name)}: Submitted Record cannot be deleted. You must Cancel it first.`,
    );
  }
}

/** Records that link to the document block its deletion, whatever their docstatus (§12). */
export function checkDeleteLinks(op: DocOperation): Promise<void> {
  return checkBackLinks(op.ctx, op.meta, String(op.doc.name), 'delete');
}

/** Only submitted records that link to the document block its cancellation (§7.5). */
export function checkCancelLinks(op: DocOperation): Promise<void> {
  return checkBackLinks(op.ctx, op.meta, String(op.doc.name), 'cancel');
}

/** Deletes the row and every child row (§7.8 step 8). */
export async function removeRows(op: DocOperation): Promise<void> {
  if (op.meta.issingle) return deleteSingle(op.ctx, op.meta);
  await op.ctx.uow.db.deleteFrom(op.meta.tableName).where('name', '=', op.doc.name).execute();
  await deleteChildren(op, String(op.doc.name));
}

/** Keeps a JSON snapshot in `Deleted Document` when that DocType is installed (§7.8 step 11). */
export async function storeDeletedDocument(op: DocOperation): Promise<void> {
  const registry = op.ctx.site.meta;
  if (!registry.has('Deleted Document') || op.meta.name === 'Deleted Document') return;
  const meta = registry.getMeta('Deleted Document');
  const now = String(op.doc.modified ?? '');
  const row = docToRow(meta, {
    doctype: meta.name,
    name: hashName(),
    owner: op.ctx.user,
    modified_by: op.ctx.user,
    creation: now,
    modified: now,
    deleted_doctype: op.meta.name,
    deleted_name: String(op.doc.name),
    data: JSON.stringify(op.doc),
  });
  await insertRow(op.ctx.uow, meta, row);
}

/**
 * Gives the number back when the deleted name holds the current counter of
 * its series prefix (§6.9); other deletions leave a gap.
 */
export async function revertSeriesIfLast(op: DocOperation): Promise<void> {
  const series = seriesOf(op);
  if (!series) return;
  const variables = await seriesVariables(op.ctx, seriesParts(series), op.doc);
  const prefix = seriesPrefix(series, op.doc, new Date(), variables);
  const name = String(op.doc.name);
  if (!prefix || !name.startsWith(prefix)) return;
  const count = Number.parseInt(name.slice(prefix.length), 10);
  if (
    Number.isFinite(count) &&
    count > 0 &&
    (await getSeriesCurrent(op.ctx.uow, prefix)) === count
  ) {
    await setSeriesCurrent(op.ctx.uow, prefix, count - 1);
  }
}

function seriesOf(op: DocOperation): string | null {
  const rule = op.meta.autoname;
  if (rule.startsWith('naming_series:')) {
    const chosen = typeof op.doc.naming_series === 'string' ? op.doc.naming_series : '';
    return chosen ? (chosen.includes('#') ? chosen : `${chosen}.#####`) : null;
  }
  return rule.includes('#') && !rule.startsWith('format:') ? rule : null;
}
