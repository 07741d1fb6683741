import { InvalidColumnName, NameError, ValidationError } from '../core/errors/index.js';
import { getFieldtype, isFieldtype } from './fieldtypes/registry.js';
import type { DocField } from './meta.js';
import { RESERVED_FIELDNAMES } from './standard-fieldnames.js';

const DOCTYPE_NAME = /^\p{L}[\p{L}\p{N}_\- ]+$/u;
const FIELDNAME = /^[A-Za-z0-9_]+$/;
const MAX_DOCTYPE_NAME = 61;
const MAX_FIELDNAME = 63;
const MAX_VARCHAR = 1000;
const NEEDS_OPTIONS = new Set(['Link', 'Dynamic Link', 'Table', 'Table MultiSelect']);
/** Column types that cannot carry a plain unique index or a search index. */
export const TEXT_COLUMNS: ReadonlySet<string> = new Set(['text', 'longtext', 'json']);
const PRECISION_TYPES = new Set(['Float', 'Currency', 'Percent']);

/**
 * The checks of docs/spec/document-model.md §1.7 that keep SQL and storage
 * safe. Checks that need other DocTypes (link targets exist) belong to the
 * DocType controller.
 */
export function validateDefinition(name: string, fields: readonly DocField[]): void {
  validateDocTypeName(name);
  const seen = new Set<string>();
  for (const field of fields) {
    validateField(name, field);
    if (seen.has(field.fieldname)) {
      throw new ValidationError(`${name}: fieldname ${field.fieldname} appears more than once`);
    }
    seen.add(field.fieldname);
  }
  if (fields.filter((field) => field.fieldtype === 'Fold').length > 1) {
    throw new ValidationError(`${name}: there can be only one Fold in a form`);
  }
}

function validateDocTypeName(name: string): void {
  if (name.length > MAX_DOCTYPE_NAME) {
    throw new NameError(`DocType name is limited to ${MAX_DOCTYPE_NAME} characters (${name})`);
  }
  if (!DOCTYPE_NAME.test(name) || name.trim() !== name) {
    throw new NameError(
      `DocType name ${JSON.stringify(name)} must start with a letter and contain only letters, digits, spaces, _ and -`,
    );
  }
}

function validateField(doctype: string, field: DocField): void {
  const where = `${doctype}: field ${field.fieldname}`;
  if (!FIELDNAME.test(field.fieldname)) {
    throw new InvalidColumnName(
      `${doctype}: fieldname ${JSON.stringify(field.fieldname)} may contain only letters, digits and _`,
    );
  }
  if (field.fieldname.length > MAX_FIELDNAME)
    throw new ValidationError(`${where} is longer than ${MAX_FIELDNAME} characters`);
  if (RESERVED_FIELDNAMES.has(field.fieldname))
    throw new ValidationError(`${where} uses a reserved name`);
  if (!isFieldtype(field.fieldtype))
    throw new ValidationError(`${where} has unknown fieldtype ${field.fieldtype}`);
  if (NEEDS_OPTIONS.has(field.fieldtype) && field.options.trim() === '') {
    throw new ValidationError(`${where}: options must be set for a ${field.fieldtype} field`);
  }
  validateStorage(where, field);
}

function validateStorage(where: string, field: DocField): void {
  const column = getFieldtype(field.fieldtype).column(field);
  if (field.unique && column && TEXT_COLUMNS.has(column.type)) {
    throw new ValidationError(`${where}: a ${field.fieldtype} field cannot be unique`);
  }
  if (column?.type === 'varchar' && (field.length < 0 || field.length > MAX_VARCHAR)) {
    throw new ValidationError(`${where}: length must be between 1 and ${MAX_VARCHAR}`);
  }
  if (
    PRECISION_TYPES.has(field.fieldtype) &&
    field.precision !== null &&
    (field.precision < 0 || field.precision > 9)
  ) {
    throw new ValidationError(`${where}: precision must be between 0 and 9`);
  }
}
