import { sql, type Kysely } from 'kysely';
import type { ExistingColumn } from '../database.js';

interface ColumnRow {
  name: string;
  type: string;
  nullable: string;
  json: number;
}

/**
 * MariaDB's `json` is `longtext` with a `json_valid` check, so the check is
 * read back to report `json`; integer display widths (`int(11)`) are dropped
 * so types compare with what `mariadbColumnSql` writes.
 */
function canonicalType(row: ColumnRow): string {
  if (row.json) return 'json';
  return row.type.replace(/^(tinyint|smallint|int|bigint)\(\d+\)/, '$1');
}

/** @internal */
export async function mariadbListColumns(
  db: Kysely<any>,
  table: string,
): Promise<ExistingColumn[] | null> {
  const { rows } = await sql<ColumnRow>`
    select c.column_name as name, c.column_type as type, c.is_nullable as nullable,
      exists(select 1 from information_schema.check_constraints k
             where k.constraint_schema = c.table_schema and k.table_name = c.table_name
               and k.check_clause like concat('json_valid(\`', c.column_name, '\`)%')) as json
    from information_schema.columns c
    where c.table_schema = database() and c.table_name = ${table}
    order by c.ordinal_position`.execute(db);
  if (rows.length === 0) return null;
  return rows.map((row) => ({
    name: row.name,
    dataType: canonicalType(row),
    nullable: row.nullable === 'YES',
  }));
}

/** @internal */
export async function mariadbListIndexes(db: Kysely<any>, table: string): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select distinct index_name as name from information_schema.statistics
    where table_schema = database() and table_name = ${table} and index_name <> 'PRIMARY'
    order by index_name`.execute(db);
  return rows.map((row) => row.name);
}
