import { sql, type RawBuilder, type SqlBool } from '../../platform/db/kysely.js';
import { columnSql } from './operators.js';
import type { Aggregate, ColumnRef, OrderItem, QueryTable, SelectItem } from './query-ast.js';

/** An aggregate call; the function name comes from the fixed AGGREGATES list. */
export function aggregateSql(
  fn: Aggregate,
  distinct: boolean,
  column: ColumnRef | null,
): RawBuilder<unknown> {
  const argument = column === null ? sql`*` : columnSql(column);
  return sql`${sql.raw(fn)}(${distinct ? sql`distinct ` : sql``}${argument})`;
}

/** The SQL of one select item. */
export function selectItemSql(item: SelectItem): RawBuilder<unknown> {
  return item.kind === 'column'
    ? columnSql(item.column)
    : aggregateSql(item.fn, item.distinct, item.column);
}

/** The ORDER BY term of one item. */
export function orderItemSql(item: OrderItem, nullsSortHigh: boolean): RawBuilder<unknown> {
  const { target } = item;
  const expression =
    target.kind === 'column'
      ? columnSql(target.column)
      : aggregateSql(target.fn, target.distinct, target.column);
  // NULL is the smallest value on every database, as on MariaDB (Frappe's).
  const nulls = nullsSortHigh ? (item.direction === 'asc' ? ' nulls first' : ' nulls last') : '';
  return sql`${expression} ${sql.raw(item.direction + nulls)}`;
}

/** The ON condition joining `table` to the queried DocType. */
export function joinCondition(main: QueryTable, table: QueryTable): RawBuilder<SqlBool> {
  const own = (column: string) => sql.id(table.alias, column);
  const mainColumn = (column: string) => sql.id(main.alias, column);
  if (table.join.kind === 'link')
    return sql<SqlBool>`${own('name')} = ${mainColumn(table.join.linkField)}`;
  const parentfield = table.join.kind === 'child' ? table.join.parentfield : null;
  const base = sql<SqlBool>`${own('parent')} = ${mainColumn('name')} and ${own('parenttype')} = ${main.meta.name}`;
  return parentfield === null
    ? base
    : sql<SqlBool>`${base} and ${own('parentfield')} = ${parentfield}`;
}

/** `(a and b and …)`, or null for no conditions. */
export function allOf(parts: readonly RawBuilder<SqlBool>[]): RawBuilder<SqlBool> | null {
  return parts.length === 0 ? null : sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
}

/** `(a or b or …)`, or null for no conditions. */
export function anyOf(parts: readonly RawBuilder<SqlBool>[]): RawBuilder<SqlBool> | null {
  return parts.length === 0 ? null : sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
}
