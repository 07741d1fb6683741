import type { Meta } from '../../model/meta.js';
import type { Doc } from '../doc.js';
import type { DocOperation } from '../operation.js';
import { childRows } from '../store/child-tables.js';
import { coerceValue, serializeValue } from '../store/values.js';

/**
 * Brings every supplied value to its typed wire form so hooks and
 * validations see `1`, not `"1"`; invalid input is a ValidationError naming
 * the field (docs/spec/DECISIONS.md: typed field values). Unknown keys stay on the object
 * for hooks but are never written.
 */
export function coerceFields(op: DocOperation): void {
  coerceDoc(op.meta, op.doc);
  for (const { meta, row } of childRows(op)) coerceDoc(meta, row);
}

function coerceDoc(meta: Meta, doc: Doc): void {
  for (const field of meta.valueFields) {
    if (!(field.fieldname in doc)) continue;
    doc[field.fieldname] = serializeValue(field, coerceValue(field, doc[field.fieldname]));
  }
}
