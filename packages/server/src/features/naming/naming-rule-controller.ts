import { ValidationError } from '../../core/errors/index.js';
import type { Controller } from '../../engine/runtime/app-definition.js';
import type { Doc } from '../../engine/doc.js';
import { validateSeries } from '../../engine/naming/naming-series.js';

const MAX_DIGITS = 20;

/**
 * Controller of `Document Naming Rule` (docs/spec/document-model.md §6.1 step 7): every
 * condition names a field of the rule's DocType, the prefix is a legal
 * series without a counter of its own (the rule brings its counter), and
 * the digit count is a small whole number. A rule that fails answers 417
 * and is not stored.
 */
export const namingRuleController: Controller = {
  validate(doc, { ctx }) {
    const doctype = String(doc.document_type ?? '');
    const meta = ctx.site.meta.getMeta(doctype);
    for (const row of conditionRows(doc)) {
      const field = String(row.field ?? '');
      if (!meta.getField(field) && field !== 'name' && field !== 'owner')
        throw new ValidationError(
          `<strong>${field}</strong> is not a field of doctype <strong>${doctype}</strong>`,
        );
    }
    const prefix = String(doc.prefix ?? '');
    if (prefix.includes('#'))
      throw new ValidationError(
        `Prefix ${prefix} cannot contain '#': the rule adds its own counter of ${String(doc.prefix_digits)} digits`,
      );
    validateSeries(prefix);
    const digits = Number(doc.prefix_digits ?? 0);
    if (!Number.isInteger(digits) || digits < 0 || digits > MAX_DIGITS)
      throw new ValidationError(`Digits must be a whole number from 0 to ${MAX_DIGITS}`);
  },
};

function conditionRows(doc: Doc): Doc[] {
  return Array.isArray(doc.conditions) ? (doc.conditions as Doc[]) : [];
}
