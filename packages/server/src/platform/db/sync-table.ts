import {
  sql,
  type ColumnDefinitionBuilder,
  type CreateTableBuilder,
  type Kysely,
  type RawBuilder,
} from './kysely.js';

type ColumnDefinitionBuilderCallback = (
  builder: ColumnDefinitionBuilder,
) => ColumnDefinitionBuilder;
import type {
  ColumnSpec,
  Database,
  DatabaseDialect,
  ExistingColumn,
  IndexSpec,
  TableSpec,
} from './database.js';
import { assertIdentifier } from './identifiers.js';
import { physicalIndexName } from './index-name.js';

/** A column whose stored type differs from the spec; reported, never altered. */
export interface ColumnTypeDifference {
  readonly column: string;
  readonly expected: string;
  readonly actual: string;
}

/** What `syncTable` changed. */
export interface SyncTableResult {
  readonly created: boolean;
  readonly addedColumns: string[];
  /** Index names as given in the spec. */
  readonly addedIndexes: string[];
  readonly typeDifferences: ColumnTypeDifference[];
}

/**
 * Makes a table match `spec` without losing data: creates it with its
 * indexes, or adds the missing columns and indexes. Never drops or narrows
 * a column; type differences are only reported. Idempotent.
 *
 * @example
 * await syncTable(db, {
 *   name: 'tabNote',
 *   columns: [{ name: 'name', type: 'varchar', primaryKey: true }, { name: 'title', type: 'varchar' }],
 *   indexes: [{ name: 'title', columns: ['title'] }],
 * });
 */
export async function syncTable(db: Database, spec: TableSpec): Promise<SyncTableResult> {
  assertSpecIdentifiers(spec);
  const existing = await db.dialect.listColumns(db.kysely, spec.name);
  if (existing === null) await createTable(db, spec);
  const addedColumns = existing === null ? [] : await addMissingColumns(db, spec, existing);
  const addedIndexes = await addMissingIndexes(db, spec, existing === null);
  return {
    created: existing === null,
    addedColumns,
    addedIndexes,
    typeDifferences: existing === null ? [] : typeDifferences(db.dialect, spec, existing),
  };
}

function assertSpecIdentifiers(spec: TableSpec): void {
  assertIdentifier(spec.name);
  for (const column of spec.columns) assertIdentifier(column.name);
  for (const index of spec.indexes) {
    assertIdentifier(index.name);
    index.columns.forEach(assertIdentifier);
  }
}

async function createTable(db: Database, spec: TableSpec): Promise<void> {
  const keys = spec.columns.filter((column) => column.primaryKey).map((column) => column.name);
  let builder: CreateTableBuilder<string, string> = db.kysely.schema
    .createTable(spec.name)
    .ifNotExists();
  const inline = db.dialect.capabilities.inlineIndexes === true ? inlineIndexes(spec) : null;
  for (const [position, column] of spec.columns.entries()) {
    const type = sql.raw(db.dialect.columnSql(column));
    const definition = columnDefinition(column, keys.length === 1);
    // Kysely has no table-level INDEX element; the last column's definition carries them.
    const last = inline !== null && position === spec.columns.length - 1;
    builder = builder.addColumn(
      column.name,
      type,
      last ? (d) => definition(d).modifyEnd(inline) : definition,
    );
  }
  if (keys.length > 1)
    builder = builder.addPrimaryKeyConstraint(`${spec.name}_pkey`, keys as never);
  await builder.execute();
}

/** Shared by CREATE TABLE and ALTER TABLE ADD COLUMN so both spell a column the same way. */
function columnDefinition(
  column: ColumnSpec,
  inlinePrimaryKey: boolean,
): ColumnDefinitionBuilderCallback {
  return (definition) => {
    let result = definition;
    if (column.primaryKey && inlinePrimaryKey) result = result.primaryKey();
    if (column.notNull) result = result.notNull();
    if (column.defaultValue !== undefined) result = result.defaultTo(column.defaultValue);
    return result;
  };
}

async function addMissingColumns(
  db: Database,
  spec: TableSpec,
  existing: ExistingColumn[],
): Promise<string[]> {
  const present = new Set(existing.map((column) => column.name.toLowerCase()));
  const missing = spec.columns.filter((column) => !present.has(column.name.toLowerCase()));
  for (const column of missing) {
    const type = sql.raw(db.dialect.columnSql(column));
    await db.kysely.schema
      .alterTable(spec.name)
      .addColumn(column.name, type, columnDefinition(column, false))
      .execute();
  }
  return missing.map((column) => column.name);
}

/**
 * `, index <name> (<columns>)…` for a `CREATE TABLE` of a dialect with
 * `inlineIndexes`, every name and column an identifier checked by
 * `assertSpecIdentifiers`.
 */
function inlineIndexes(spec: TableSpec): RawBuilder<unknown> {
  const elements = spec.indexes.map(
    (index) =>
      sql`, ${sql.raw(index.unique === true ? 'unique index' : 'index')} ${sql.id(
        physicalIndexName(spec.name, index.name),
      )} (${sql.join(index.columns.map((column) => sql.id(column)))})`,
  );
  return sql.join(elements, sql``);
}

/**
 * Creates the spec's indexes the table lacks. A table `createTable` just made
 * has none to look up, and on a dialect with `inlineIndexes` it has them all.
 */
async function addMissingIndexes(
  db: Database,
  spec: TableSpec,
  created: boolean,
): Promise<string[]> {
  if (created && db.dialect.capabilities.inlineIndexes === true)
    return spec.indexes.map((index) => index.name);
  const present = new Set(created ? [] : await db.dialect.listIndexes(db.kysely, spec.name));
  const missing = spec.indexes.filter(
    (index) => !present.has(physicalIndexName(spec.name, index.name)),
  );
  const nullsFirst = db.dialect.capabilities.nullsSortHigh;
  for (const index of missing) await createIndex(db.kysely, spec.name, index, nullsFirst);
  return missing.map((index) => index.name);
}

/**
 * Where NULL sorts high by default (PostgreSQL), lists ask for `asc nulls
 * first` / `desc nulls last` to sort as Frappe does; index columns are built
 * `nulls first` so that a scan either way gives that order and no sort is needed.
 */
async function createIndex(
  kysely: Kysely<any>,
  table: string,
  index: IndexSpec,
  nullsFirst: boolean,
): Promise<void> {
  const base = kysely.schema
    .createIndex(physicalIndexName(table, index.name))
    .ifNotExists()
    .on(table);
  let builder = nullsFirst
    ? base.expression(sql.join(index.columns.map((column) => sql`${sql.ref(column)} nulls first`)))
    : base.columns([...index.columns]);
  if (index.unique) builder = builder.unique();
  await builder.execute();
}

function typeDifferences(
  dialect: DatabaseDialect,
  spec: TableSpec,
  existing: ExistingColumn[],
): ColumnTypeDifference[] {
  const actualByName = new Map(
    existing.map((column) => [column.name.toLowerCase(), column.dataType.toLowerCase()]),
  );
  return spec.columns.flatMap((column) => {
    const actual = actualByName.get(column.name.toLowerCase());
    // Identity/auto-increment is a column property, not part of the stored type name.
    const expected = dialect.columnSql({ ...column, autoIncrement: false }).toLowerCase();
    return actual === undefined || actual === expected
      ? []
      : [{ column: column.name, expected, actual }];
  });
}
