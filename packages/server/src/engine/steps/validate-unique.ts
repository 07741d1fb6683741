import { UniqueValidationError } from '../../core/errors/index.js';
import type { DocOperation } from '../operation.js';

/**
 * `unique` fields: blank strings become NULL (§9.3), and a value held by
 * another row is reported before the INSERT/UPDATE, so every dialect answers
 * the same `UniqueValidationError` and PostgreSQL's transaction stays usable.
 */
export async function validateUnique(op: DocOperation): Promise<void> {
  if (op.meta.issingle) return;
  for (const field of op.meta.valueFields) {
    if (!field.unique) continue;
    const value = op.doc[field.fieldname];
    if (typeof value === 'string' && value.trim() === '') op.doc[field.fieldname] = null;
    if (value === null || value === undefined || value === '') continue;
    let query = op.ctx.uow.db
      .selectFrom(op.meta.tableName)
      .select('name')
      .where(field.fieldname, '=', value);
    if (op.doc.name !== undefined && op.doc.name !== null)
      query = query.where('name', '!=', op.doc.name);
    if (await query.executeTakeFirst())
      throw new UniqueValidationError(`${field.label} must be unique`);
  }
}
