import {
  CharacterLengthExceededError,
  InvalidEmailAddressError,
  InvalidNameError,
  InvalidPhoneNumberError,
  NonNegativeError,
  ValidationError,
  type FrappeError,
} from '../../core/errors/index.js';
import type { DocField, Meta } from '../../model/meta.js';
import type { Doc } from '../doc.js';
import type { DocOperation } from '../operation.js';
import { childRows } from '../store/child-tables.js';

const VARCHAR_TYPES = new Set([
  'Data',
  'Link',
  'Dynamic Link',
  'Select',
  'Read Only',
  'Color',
  'Icon',
  'Phone',
  'Autocomplete',
]);
const INT_TYPES = new Set(['Int', 'Long Int']);
const NUMBER_TYPES = new Set(['Int', 'Long Int', 'Float', 'Currency', 'Percent']);
const EMAIL = /^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$/;
const PHONE = /^[0-9+\-() .]{1,20}$/;
const URL_PATTERN = /^(https?|ftp):\/\/\S+$/i;

/**
 * Per-value checks of §9.1 steps 2–5 for the document and each row, in
 * Frappe's order: Data/Phone formats, Select options, non-negative numbers,
 * column lengths. Errors in rows start with "Row #n:".
 */
export function validateValues(op: DocOperation): void {
  checkDoc(op.meta, op.doc, '', op.meta.issingle);
  for (const { meta, row } of childRows(op))
    checkDoc(meta, row, `Row #${String(row.idx)}: `, false);
}

function checkDoc(meta: Meta, doc: Doc, prefix: string, single: boolean): void {
  for (const field of meta.valueFields) {
    const value = doc[field.fieldname];
    if (value === null || value === undefined || value === '') continue;
    checkFormat(field, String(value), prefix);
    checkSelect(field, doc, prefix);
    if (NUMBER_TYPES.has(field.fieldtype) && field.non_negative && Number(value) < 0) {
      throw new NonNegativeError(
        `${prefix}${meta.name}: '${field.label}' (${String(value)}) cannot be negative`,
      );
    }
    if (!single) checkLength(meta, field, value, prefix);
  }
}

function checkFormat(field: DocField, value: string, prefix: string): void {
  const kind =
    field.fieldtype === 'Phone' ? 'Phone' : field.fieldtype === 'Data' ? field.options : '';
  if (
    kind === 'Email' &&
    !value.split(/[,\n]/).every((part) => part.trim() === '' || EMAIL.test(part.trim()))
  ) {
    throw new InvalidEmailAddressError(`${prefix}${value} is not a valid Email Address`);
  }
  if (kind === 'Phone' && !PHONE.test(value))
    throw new InvalidPhoneNumberError(`${prefix}${value} is not a valid Phone Number`);
  if (kind === 'Name' && /[<>%$#@!^&*()\\[\]{}|;:"'?~`]/.test(value))
    throw new InvalidNameError(`${prefix}${value} is not a valid Name`);
  if (kind === 'URL' && !URL_PATTERN.test(value))
    throw new ValidationError(`${prefix}${value} is not a valid URL`);
}

function checkSelect(field: DocField, doc: Doc, prefix: string): void {
  if (field.fieldtype !== 'Select' || field.fieldname === 'naming_series' || !field.options) return;
  const value = String(doc[field.fieldname]).trim();
  doc[field.fieldname] = value;
  const options = field.options.split('\n').map((option) => option.trim());
  if (value === '' || options.includes(value)) return;
  const listed = options
    .filter((option) => option !== '')
    .map((option) => `"${option}"`)
    .join(', ');
  throw new ValidationError(
    `${prefix}${field.label} cannot be "${value}". It should be one of ${listed}`,
  );
}

function checkLength(meta: Meta, field: DocField, value: unknown, prefix: string): void {
  if (VARCHAR_TYPES.has(field.fieldtype)) {
    const max = field.length || 140;
    if (String(value).length > max) throw lengthError(meta, field, value, max, prefix);
  } else if (INT_TYPES.has(field.fieldtype)) {
    const max =
      field.fieldtype === 'Long Int' || field.length > 11 ? 2n ** 63n - 1n : 2n ** 31n - 1n;
    const number = BigInt(Math.trunc(Number(value)));
    if ((number < 0n ? -number : number) > max)
      throw lengthError(meta, field, value, Number(max), prefix);
  }
}

function lengthError(
  meta: Meta,
  field: DocField,
  value: unknown,
  max: number,
  prefix: string,
): FrappeError {
  return new CharacterLengthExceededError(
    `${prefix}${meta.name}: '${field.label}' (${String(value)}) will get truncated, as max characters allowed is ${max}`,
  );
}
