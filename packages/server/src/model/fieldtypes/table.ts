import { invalidValue } from './field-value-error.js';
import type { Fieldtype } from './fieldtype.js';

function isRow(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function createTableFieldtype(name: string): Fieldtype {
  return {
    name,
    hasColumn: false,
    isTable: true,
    column: () => null,
    coerce(value, field) {
      if (value === null || value === undefined) return [];
      if (Array.isArray(value) && value.every(isRow)) return value;
      throw invalidValue(field, value, 'a list of rows');
    },
    serialize: (value) => (Array.isArray(value) ? value : []),
    isEmpty: (value) => !Array.isArray(value) || value.length === 0,
  };
}

/** Table and Table MultiSelect: rows live in the child DocType's own table. */
export const tables = ['Table', 'Table MultiSelect'].map(createTableFieldtype);
