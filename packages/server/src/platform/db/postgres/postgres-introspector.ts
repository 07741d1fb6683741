import { sql, type Kysely } from '../kysely.js';
import type { ExistingColumn } from '../database.js';

/** `format_type` spellings → the spellings `postgresColumnSql` writes, so types compare as text. */
const ALIASES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^character varying/, 'varchar'],
  [/^numeric/, 'decimal'],
  [/ without time zone$/, ''],
];

function canonicalType(formatted: string): string {
  return ALIASES.reduce(
    (type, [pattern, replacement]) => type.replace(pattern, replacement),
    formatted,
  );
}

/** @internal */
export async function postgresListColumns(
  db: Kysely<any>,
  table: string,
): Promise<ExistingColumn[] | null> {
  const { rows } = await sql<{ name: string; type: string; notnull: boolean }>`
    select a.attname as name, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as notnull
    from pg_attribute a
    where a.attrelid = to_regclass(quote_ident(${table})) and a.attnum > 0 and not a.attisdropped
    order by a.attnum`.execute(db);
  if (rows.length === 0) return null;
  return rows.map((row) => ({
    name: row.name,
    dataType: canonicalType(row.type),
    nullable: !row.notnull,
  }));
}

/** @internal */
export async function postgresListIndexes(db: Kysely<any>, table: string): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select i.relname as name
    from pg_index x join pg_class i on i.oid = x.indexrelid
    where x.indrelid = to_regclass(quote_ident(${table})) and not x.indisprimary
    order by i.relname`.execute(db);
  return rows.map((row) => row.name);
}
