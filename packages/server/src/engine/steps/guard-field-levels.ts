import { resetUnwritableFields } from '../permissions/permlevels.js';
import type { Step } from '../operation.js';

/**
 * Field-level write guard (docs/spec/document-model.md §7.2 step 12, §7.3 step 10): values
 * of fields at permlevels the user cannot write keep their stored value (or
 * the default on a new document), silently, as Frappe does.
 */
export const guardFieldLevels: Step = (op) => {
  op.doc = resetUnwritableFields(op.ctx, op.meta, op.doc, op.before);
};
