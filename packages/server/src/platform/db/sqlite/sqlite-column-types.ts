import type { ColumnSpec, ColumnType } from '../database.js';

/**
 * SQLite declared types, as Frappe v16's SQLite backend writes them: the
 * declared name keeps schema dumps readable while values follow SQLite's
 * type affinity (dates and times are ISO-8601 text).
 */
const DECLARED: Record<ColumnType, string> = {
  varchar: 'TEXT',
  text: 'TEXT',
  longtext: 'TEXT',
  json: 'TEXT',
  int: 'INTEGER',
  bigint: 'INTEGER',
  smallint: 'INTEGER',
  decimal: 'REAL',
  float: 'REAL',
  date: 'DATE',
  datetime: 'TIMESTAMP',
  time: 'TIME',
};

/** @internal */
export function sqliteColumnSql(column: ColumnSpec): string {
  return DECLARED[column.type];
}
