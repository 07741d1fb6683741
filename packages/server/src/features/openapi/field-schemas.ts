import type { DocField } from '../../model/meta.js';
import { selectOptions } from '../../model/fieldtypes/select.js';
import type { JsonSchema } from './schema-types.js';

/** Frappe's datetime on the wire: a space, no zone, microseconds only when non-zero. */
export const DATETIME_SCHEMA: JsonSchema = {
  type: 'string',
  pattern: '^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?$',
  example: '2024-03-05 14:07:09.123456',
};

/** MariaDB answers `9:05:00`, PostgreSQL `09:05:00` (docs/spec/document-model.md §2.3). */
const TIME_SCHEMA: JsonSchema = {
  type: 'string',
  pattern: '^\\d{1,3}:\\d{2}:\\d{2}(\\.\\d{1,6})?$',
  example: '9:05:00',
};

const NUMBER_TYPES = new Set(['Float', 'Currency', 'Percent', 'Duration', 'Rating']);
const INTEGER_TYPES = new Set(['Int', 'Long Int']);

/**
 * The wire form of one field's value (docs/spec/document-model.md §2.3), without `null`:
 * Check is 0/1, numbers are numbers, dates and times are Frappe's strings,
 * Select lists its choices, Link names its target DocType, JSON is any value.
 *
 * @example
 * fieldSchema(statusField) // { type: 'string', enum: ['', 'Open', 'Closed'], title: 'Status' }
 */
export function fieldSchema(field: DocField): JsonSchema {
  const schema = valueSchema(field);
  if (field.label !== '') schema['title'] = field.label;
  return schema;
}

function valueSchema(field: DocField): JsonSchema {
  const { fieldtype } = field;
  if (fieldtype === 'Check') return { type: 'integer', enum: [0, 1] };
  if (INTEGER_TYPES.has(fieldtype)) return { type: 'integer' };
  if (NUMBER_TYPES.has(fieldtype)) return { type: 'number' };
  if (fieldtype === 'Date') return { type: 'string', format: 'date' };
  if (fieldtype === 'Datetime') return { ...DATETIME_SCHEMA };
  if (fieldtype === 'Time') return { ...TIME_SCHEMA };
  if (fieldtype === 'JSON' || fieldtype === 'Geolocation') return {};
  if (fieldtype === 'Select') return selectSchema(field);
  if (fieldtype === 'Link')
    return {
      type: 'string',
      description: `Name of the linked ${field.options}`,
      'x-link': field.options,
    };
  if (fieldtype === 'Dynamic Link')
    return {
      type: 'string',
      description: `Name of a document of the DocType in \`${field.options}\``,
      'x-dynamic-link': field.options,
    };
  if (fieldtype === 'Password') return { type: 'string', format: 'password' };
  return { type: 'string' };
}

/** `naming_series` and option-less Selects are never checked, so they list no choices. */
function selectSchema(field: DocField): JsonSchema {
  if (field.fieldname === 'naming_series' || field.options.trim() === '') return { type: 'string' };
  return { type: 'string', enum: [...new Set(['', ...selectOptions(field)])] };
}
