import type { DocField, Meta } from '../../model/meta.js';
import type { Context } from '../context.js';
import type { Doc } from '../doc.js';
import type { DocOperation } from '../operation.js';
import { nowDatetime, nowTime, todayDate } from '../store/values.js';
import { childRows } from '../store/child-tables.js';

/**
 * Fills every still-empty field of a new document, and of new child rows,
 * from its DocField default (§5). Explicit values, even `""` or 0, are kept.
 */
export function applyDefaults(op: DocOperation): void {
  if (op.ctx.flags.inInstall) return;
  if (op.isNew) fillDefaults(op.ctx, op.meta, op.doc);
  for (const { meta, row } of childRows(op)) if (isNewRow(row)) fillDefaults(op.ctx, meta, row);
}

function isNewRow(row: Doc): boolean {
  return row.name === undefined || row.name === null || row.name === '';
}

function fillDefaults(ctx: Context, meta: Meta, doc: Doc): void {
  for (const field of meta.valueFields) {
    if (doc[field.fieldname] !== undefined && doc[field.fieldname] !== null) continue;
    const value = defaultFor(ctx, meta, field);
    if (value !== undefined) doc[field.fieldname] = value;
  }
}

function defaultFor(ctx: Context, meta: Meta, field: DocField): unknown {
  if (field.fieldtype === 'Time') return nowTime();
  const value = field.default;
  if (value === null || value === '')
    return field.fieldtype === 'Select' ? firstOption(field) : undefined;
  if (meta.title_field === field.fieldname) return undefined;
  if (value === '__user') return ctx.user;
  if (value === 'Today' || value === '__today') return todayDate();
  if ((value === 'now' || value === 'Now') && field.fieldtype === 'Datetime') return nowDatetime();
  if (value.startsWith(':')) return undefined;
  return value;
}

function firstOption(field: DocField): string | undefined {
  if (!field.options) return undefined;
  return field.options.split('\n')[0]?.trim();
}
