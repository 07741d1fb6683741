import type { DocField } from '../../model/meta.js';
import type { ColumnKind } from './query-ast.js';

const NUMBER_TYPES = new Set([
  'Int',
  'Long Int',
  'Float',
  'Currency',
  'Percent',
  'Check',
  'Rating',
  'Duration',
]);
/** Numeric fieldtypes Frappe creates NOT NULL (default 0), so it never wraps them in `ifnull`. */
const NOT_NULL_TYPES = new Set(['Int', 'Long Int', 'Float', 'Currency', 'Percent', 'Check']);
const NOT_NULL_STANDARD = new Set(['name', 'creation', 'modified', 'docstatus', 'idx']);

/** How values of `field` compare (docs/spec/query-language.md §4.5). */
export function columnKind(field: DocField): ColumnKind {
  if (NUMBER_TYPES.has(field.fieldtype)) return 'number';
  if (field.fieldtype === 'Date') return 'date';
  if (field.fieldtype === 'Datetime') return 'datetime';
  if (field.fieldtype === 'Time') return 'time';
  return 'text';
}

/** Whether the column may hold NULL; `standard` marks a standard column (`name`, `creation`, …). */
export function columnNullable(field: DocField, standard: boolean): boolean {
  if (standard) return !NOT_NULL_STANDARD.has(field.fieldname);
  return !NOT_NULL_TYPES.has(field.fieldtype);
}

/** The value a NULL column is compared as in Frappe's NULL model (docs/spec/query-language.md §4.4). */
export function fallbackValue(kind: ColumnKind): string | number {
  switch (kind) {
    case 'number':
      return 0;
    case 'date':
      return '0001-01-01';
    case 'datetime':
      return '0001-01-01 00:00:00';
    case 'time':
      return '00:00:00';
    case 'text':
      return '';
  }
}
