import { sql, type Kysely } from '../kysely.js';
import type { ExistingColumn } from '../database.js';

interface TableInfoRow {
  name: string;
  type: string;
  notnull: number;
  pk: number;
}

/** @internal */
export async function sqliteListColumns(
  db: Kysely<any>,
  table: string,
): Promise<ExistingColumn[] | null> {
  const { rows } = await sql<TableInfoRow>`select * from pragma_table_info(${table})`.execute(db);
  if (rows.length === 0) return null;
  return rows.map((row) => ({
    name: row.name,
    dataType: row.type.toLowerCase(),
    nullable: row.notnull === 0 && row.pk === 0,
  }));
}

/** @internal */
export async function sqliteListIndexes(db: Kysely<any>, table: string): Promise<string[]> {
  // origin 'c' = made by CREATE INDEX; 'pk'/'u' are implicit autoindexes.
  const { rows } = await sql<{ name: string }>`
    select name from pragma_index_list(${table}) where origin = 'c' order by name`.execute(db);
  return rows.map((row) => row.name);
}
