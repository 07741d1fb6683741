import { MandatoryError } from '../../core/errors/index.js';
import type { DocField, Meta } from '../../model/meta.js';
import type { Doc } from '../doc.js';
import type { DocOperation } from '../operation.js';
import { childRows } from '../store/child-tables.js';
import { msgprint } from '../runtime/msgprint.js';
import { isEmptyValue } from '../store/values.js';

/**
 * Gathers every missing `reqd` value of the document and its rows (§9.1
 * step 1): one message per miss is queued, then a single `MandatoryError`
 * whose text is `[{doctype}, {name}]: f1, f2` is raised.
 */
export function validateMandatory(op: DocOperation): void {
  if (op.ctx.flags.ignoreMandatory) return;
  const misses: Array<{ fieldname: string; message: string }> = missingFields(op.meta, op.doc).map(
    (field) => ({
      fieldname: field.fieldname,
      message: `Error: Value missing for ${op.meta.name}: ${field.label || field.fieldname}`,
    }),
  );
  for (const field of op.meta.tableFields) {
    const rows = op.doc[field.fieldname];
    if (field.reqd && (!Array.isArray(rows) || rows.length === 0)) {
      misses.push({
        fieldname: field.fieldname,
        message: `Error: Data missing in table ${field.label || field.fieldname}`,
      });
    }
  }
  for (const { meta, row } of childRows(op)) {
    for (const field of missingFields(meta, row)) {
      misses.push({
        fieldname: field.fieldname,
        message: `Error: ${meta.name} Row #${String(row.idx)}: Value missing for: ${field.label || field.fieldname}`,
      });
    }
  }
  if (misses.length === 0) return;
  for (const miss of misses) msgprint(op.ctx, miss.message, { title: 'Message', indicator: 'red' });
  const fieldnames = misses.map((miss) => miss.fieldname).join(', ');
  throw new MandatoryError(`[${op.meta.name}, ${String(op.doc.name)}]: ${fieldnames}`, {
    messagesQueued: true,
  });
}

function missingFields(meta: Meta, doc: Doc): DocField[] {
  return meta.valueFields.filter(
    (field) => field.reqd && isEmptyValue(field, doc[field.fieldname]),
  );
}
