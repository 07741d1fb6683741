import type { DocOperation } from '../operation.js';
import { childRows } from '../store/child-tables.js';
import { nowDatetime } from '../store/values.js';

/**
 * Stamps `modified`/`modified_by` (microseconds), and on insert
 * `creation`/`owner`, discarding whatever the client sent (§7.2 step 4).
 * Child rows share the parent's stamps.
 */
export function setTimestamps(op: DocOperation): void {
  const { doc, ctx } = op;
  doc.modified = laterThan(nowDatetime(), op.before?.modified);
  doc.modified_by = ctx.user;
  if (op.isNew && !(ctx.flags.inInstall && doc.creation && doc.owner)) {
    doc.creation = doc.modified;
    doc.owner = ctx.user;
  }
  for (const { row } of childRows(op)) {
    row.modified = doc.modified;
    row.modified_by = doc.modified_by;
    if (!row.owner) row.owner = doc.owner;
    if (!row.creation) row.creation = doc.creation;
  }
}

/** Keeps `modified` strictly increasing even when two saves share a microsecond. */
function laterThan(now: string, previous: unknown): string {
  if (typeof previous !== 'string' || now > previous) return now;
  const micros = BigInt(previous.slice(20).padEnd(6, '0') || '0') + 1n;
  return `${previous.slice(0, 19)}.${String(micros).padStart(6, '0')}`;
}
