import { ValidationError } from '../../core/errors/index.js';
import type { DocField } from '../../model/meta.js';
import { loadDocField } from '../../model/load-docfield.js';
import { getFieldtype } from '../../model/fieldtypes/registry.js';

const STANDARD_TYPES: Record<string, string> = {
  owner: 'Data',
  creation: 'Datetime',
  modified: 'Datetime',
  modified_by: 'Data',
  docstatus: 'Int',
  idx: 'Int',
  parent: 'Data',
  parentfield: 'Data',
  parenttype: 'Data',
};

/** Standard columns' DocFields by name and type: every row read and written asks for them. */
const standardFields = new Map<string, DocField>();

/** A DocField describing a standard column, so fieldtype modules can coerce and serialise it. */
export function standardField(
  fieldname: string,
  fieldtype = STANDARD_TYPES[fieldname] ?? 'Data',
): DocField {
  const key = `${fieldname}\u0000${fieldtype}`;
  let field = standardFields.get(key);
  if (field === undefined) {
    field = {
      ...loadDocField({ fieldname, fieldtype, label: fieldname }),
      read_only: true,
      hidden: true,
    };
    standardFields.set(key, field);
  }
  return field;
}

/** Wire form of a value as read from the database or held in memory (§2.3). */
export function serializeValue(field: DocField, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  return getFieldtype(field.fieldtype).serialize(value, field);
}

/** Typed value for writing; throws a ValidationError naming the field on bad input (docs/spec/DECISIONS.md). */
export function coerceValue(field: DocField, value: unknown): unknown {
  if (Array.isArray(value)) throw listValueError(field);
  return getFieldtype(field.fieldtype).coerce(value, field);
}

/** Whether a value counts as missing for a mandatory check. */
export function isEmptyValue(field: DocField, value: unknown): boolean {
  if (value === null || value === undefined) return true;
  return getFieldtype(field.fieldtype).isEmpty(value);
}

/** The wire form of a standard column (`creation`, `modified`, …). */
export function serializeStandard(column: string, value: unknown): unknown {
  if (column === 'name') return value ?? null;
  return serializeValue(standardField(column), value);
}

/**
 * Current time in Frappe's `modified` format, microseconds included
 * (`2025-03-10 14:07:09.123456`), in the server's time zone.
 */
export function nowDatetime(): string {
  const micros = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000));
  const date = new Date(Number(micros / 1000n));
  const fraction = String(micros % 1000000n).padStart(6, '0');
  return `${formatDate(date)} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${fraction}`;
}

/** Today as `YYYY-MM-DD` in the server's time zone. */
export function todayDate(): string {
  return formatDate(new Date());
}

/** Current time as `HH:MM:SS.ffffff`. */
export function nowTime(): string {
  return nowDatetime().slice(11);
}

function formatDate(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

function listValueError(field: DocField): Error {
  return new ValidationError(`Value for ${field.label || field.fieldname} cannot be a list`);
}
