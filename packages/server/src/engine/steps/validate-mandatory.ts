import { MandatoryError } from '../../core/errors/index.js';
import type { Meta } from '../../model/meta.js';
import type { Doc } from '../doc.js';
import type { DocOperation } from '../operation.js';
import { childRows } from '../child-tables.js';
import { isEmptyValue } from '../values.js';

/**
 * Gathers every missing `reqd` value of the document and its rows into one
 * `MandatoryError` whose text is `[{doctype}, {name}]: f1, f2` (§9.1 step 1).
 */
export function validateMandatory(op: DocOperation): void {
  if (op.ctx.flags.ignoreMandatory) return;
  const missing = missingFields(op.meta, op.doc);
  for (const field of op.meta.tableFields) {
    const rows = op.doc[field.fieldname];
    if (field.reqd && (!Array.isArray(rows) || rows.length === 0)) missing.push(field.fieldname);
  }
  for (const { meta, row } of childRows(op)) missing.push(...missingFields(meta, row));
  if (missing.length) throw new MandatoryError(`[${op.meta.name}, ${String(op.doc.name)}]: ${missing.join(', ')}`);
}

function missingFields(meta: Meta, doc: Doc): string[] {
  return meta.valueFields.filter((field) => field.reqd && isEmptyValue(field, doc[field.fieldname])).map((f) => f.fieldname);
}
