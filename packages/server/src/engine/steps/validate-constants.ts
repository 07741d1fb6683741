import {
  CannotChangeConstantError,
  UpdateAfterSubmitError,
  type FrappeError,
} from '../../core/errors/index.js';
import type { DocField, Meta } from '../../model/meta.js';
import type { Doc } from '../doc.js';
import type { DocOperation } from '../operation.js';
import { standardField } from '../store/values.js';

/** `field:x` DocTypes keep `x` equal to the name on every save (§9.1 step 8). */
export function syncAutonameField(op: DocOperation): void {
  const rule = op.meta.autoname;
  if (!rule.startsWith('field:') || op.doc.name === undefined) return;
  op.doc[rule.slice(6).trim()] = op.doc.name;
}

/** `set_only_once` fields, `owner` and `creation` must keep their stored value (§9.1 step 13). */
export function validateConstants(op: DocOperation): void {
  if (!op.before) return;
  const fields = [
    standardField('owner'),
    standardField('creation'),
    ...op.meta.valueFields.filter((f) => f.set_only_once),
  ];
  for (const field of fields) {
    if (differs(op.before[field.fieldname], op.doc[field.fieldname])) {
      throw new CannotChangeConstantError(
        `Value cannot be changed for ${field.fieldname === field.label ? labelOf(field) : field.label}`,
      );
    }
  }
}

/**
 * A submitted document may only change `allow_on_submit` fields; other
 * tables may not gain or lose rows (§7.6).
 */
export function validateUpdateAfterSubmit(op: DocOperation): void {
  const before = op.before;
  if (op.action !== 'update_after_submit' || !before) return;
  compareDoc(op.meta, before, op.doc, '');
  for (const field of op.meta.tableFields) {
    const old = (before[field.fieldname] as Doc[] | undefined) ?? [];
    const rows = (op.doc[field.fieldname] as Doc[] | undefined) ?? [];
    if (!field.allow_on_submit && old.length !== rows.length)
      throw notAllowed(field, old.length, rows.length, '');
    const childMeta = op.ctx.site.meta.getMeta(field.options);
    const stored = new Map(old.map((row) => [row.name, row]));
    for (const row of rows) {
      const previous = stored.get(row.name);
      if (previous) compareDoc(childMeta, previous, row, `Row #${String(row.idx)}: `);
      else if (!field.allow_on_submit) throw notAllowed(field, old.length, rows.length, '');
    }
  }
}

function compareDoc(meta: Meta, before: Doc, after: Doc, prefix: string): void {
  for (const field of meta.valueFields) {
    if (field.allow_on_submit) continue;
    if (differs(before[field.fieldname], after[field.fieldname]))
      throw notAllowed(field, before[field.fieldname], after[field.fieldname], prefix);
  }
}

function differs(stored: unknown, incoming: unknown): boolean {
  const empty = (value: unknown) => value === null || value === undefined || value === '';
  if (empty(stored) && empty(incoming)) return false;
  return String(stored ?? '') !== String(incoming ?? '');
}

function notAllowed(field: DocField, old: unknown, value: unknown, prefix: string): FrappeError {
  return new UpdateAfterSubmitError(
    `${prefix}Not allowed to change ${field.label} after submission from ${String(old ?? '')} to ${String(value ?? '')}`,
  );
}

function labelOf(field: DocField): string {
  return field.fieldname === 'owner'
    ? 'Owner'
    : field.fieldname === 'creation'
      ? 'Created On'
      : field.label;
}
