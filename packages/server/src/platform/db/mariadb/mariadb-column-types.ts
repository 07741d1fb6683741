import type { ColumnSpec, ColumnType } from '../database.js';

/** Frappe v16's MariaDB column types (docs/spec/document-model.md §2.1). */
const TYPES: Record<ColumnType, (column: ColumnSpec) => string> = {
  varchar: (c) => `varchar(${c.length ?? 140})`,
  text: () => 'text',
  longtext: () => 'longtext',
  json: () => 'json',
  int: () => 'int',
  bigint: () => 'bigint',
  smallint: () => 'tinyint',
  decimal: (c) => `decimal(${c.precision ?? 21},${c.scale ?? 9})`,
  float: () => 'double',
  date: () => 'date',
  datetime: () => 'datetime(6)',
  time: () => 'time(6)',
};

/** @internal */
export function mariadbColumnSql(column: ColumnSpec): string {
  const type = TYPES[column.type](column);
  return column.autoIncrement ? `${type} auto_increment` : type;
}
