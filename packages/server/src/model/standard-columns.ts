import type { ColumnSpec } from '../platform/db/database.js';
import type { Meta } from './meta.js';
import { OPTIONAL_FIELDNAMES } from './standard-fieldnames.js';
import { VARCHAR_LENGTH } from './fieldtypes/string-fieldtype.js';

const user = (name: string): ColumnSpec => ({ name, type: 'varchar', length: VARCHAR_LENGTH });
const counter = (name: string): ColumnSpec => ({
  name,
  type: 'int',
  notNull: true,
  defaultValue: 0,
});

/** Whether the DocType names its documents with a database counter (integer `name`). */
export function isAutoincrement(meta: Meta): boolean {
  return meta.autoname.trim().toLowerCase() === 'autoincrement';
}

/**
 * Columns before the fields (docs/spec/document-model.md §3.1): `name`,
 * timestamps, users, `docstatus`, `idx`, and for child tables the link back
 * to the parent.
 */
export function standardColumns(meta: Meta): ColumnSpec[] {
  const name: ColumnSpec = isAutoincrement(meta)
    ? { name: 'name', type: 'bigint', primaryKey: true, autoIncrement: true }
    : { name: 'name', type: 'varchar', length: VARCHAR_LENGTH, primaryKey: true };
  const columns: ColumnSpec[] = [
    name,
    { name: 'creation', type: 'datetime' },
    { name: 'modified', type: 'datetime' },
    user('modified_by'),
    user('owner'),
    counter('docstatus'),
    counter('idx'),
  ];
  if (meta.istable) columns.push(user('parent'), user('parentfield'), user('parenttype'));
  return columns;
}

/** Columns after the fields (§3.2): tags, comments, assignment, likes (and `_seen`) on non-child tables. */
export function optionalColumns(meta: Meta): ColumnSpec[] {
  if (meta.istable) return [];
  const names = OPTIONAL_FIELDNAMES.filter((name) => name !== '_seen' || meta.track_seen);
  return names.map((name) => ({ name, type: 'text' }));
}
