import {
  InvalidEmailAddressError,
  InvalidNameError,
  InvalidPhoneNumberError,
  ValidationError,
} from '../../core/errors/index.js';
import type { DocField } from '../meta.js';
import { fieldLabel } from './field-value-error.js';

/** Built-in users whose ids stand in for e-mail addresses in Frappe. */
const STANDARD_USERS = new Set(['Administrator', 'Guest']);
const EMAIL = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;".]+$/;
const PHONE = /^[0-9 +_\-,.*#()]{1,20}$/;
const PERSON_NAME = /^[\p{L}\p{N}_][\p{L}\p{N}_'-]*( [\p{L}\p{N}_][\p{L}\p{N}_'-]*)*$/u;

/** Each address of a comma/newline separated list; `Name <addr>` forms are accepted. */
export function validateEmailList(value: string, field: DocField): void {
  for (const part of value.split(/[,\n]/)) {
    const entry = part.trim();
    if (entry === '' || STANDARD_USERS.has(entry)) continue;
    const address = /<([^>]*)>\s*$/.exec(entry)?.[1] ?? entry;
    if (!EMAIL.test(address.trim())) {
      throw new InvalidEmailAddressError(
        `${fieldLabel(field)}: ${entry} is not a valid Email Address`,
      );
    }
  }
}

export function validatePhone(value: string, field: DocField): void {
  if (!PHONE.test(value.trim())) {
    throw new InvalidPhoneNumberError(`${fieldLabel(field)}: ${value} is not a valid Phone Number`);
  }
}

export function validatePersonName(value: string, field: DocField): void {
  if (!PERSON_NAME.test(value.trim())) {
    throw new InvalidNameError(`${fieldLabel(field)}: ${value} is not a valid Name`);
  }
}

export function validateUrl(value: string, field: DocField): void {
  let host = '';
  try {
    host = new URL(value.trim()).host;
  } catch {
    host = '';
  }
  if (host === '') throw new ValidationError(`${fieldLabel(field)}: '${value}' is not a valid URL`);
}

/** Validators selected by a Data field's `options`. */
export const DATA_VALIDATORS: Readonly<Record<string, (value: string, field: DocField) => void>> = {
  Email: validateEmailList,
  Phone: validatePhone,
  Name: validatePersonName,
  URL: validateUrl,
};
