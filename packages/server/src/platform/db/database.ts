import type { Kysely } from 'kysely';

/** Which database engine a site runs on (site config `db_type`). */
export type DbType = 'sqlite' | 'postgres' | 'mariadb';

/**
 * What a dialect can do, stated once so the engine asks flags instead of
 * testing the dialect's name.
 */
export interface DialectCapabilities {
  /** `INSERT … RETURNING` / `UPDATE … RETURNING`. */
  readonly returning: boolean;
  /** `SELECT … FOR UPDATE SKIP LOCKED` (outbox workers). */
  readonly skipLocked: boolean;
  /** `SELECT … FOR UPDATE` row locks. */
  readonly forUpdate: boolean;
  /** DDL runs inside a transaction and rolls back with it. */
  readonly transactionalDdl: boolean;
  /** Case-insensitive `LIKE` without help (MariaDB, SQLite for ASCII); PostgreSQL needs `ILIKE`. */
  readonly caseInsensitiveLike: boolean;
  /**
   * NULL sorts above every value (PostgreSQL); MariaDB and SQLite sort it
   * below, which is Frappe's order, so PostgreSQL is told `NULLS FIRST/LAST`.
   */
  readonly nullsSortHigh: boolean;
  /**
   * `coalesce(datetime column, text)` is text, so a NULL-model fallback must
   * be cast to the column's type (MariaDB: it would compare
   * `'… 00:00:00.000000'` with `'… 00:00:00'` as strings). PostgreSQL types
   * the parameter from the column; SQLite stores text.
   */
  readonly castTemporalFallback: boolean;
  /** One process owns the database file; writes are serialised by the engine itself. */
  readonly embedded: boolean;
  /**
   * Upsert syntax: `INSERT … ON CONFLICT … DO UPDATE` (PostgreSQL, SQLite) or
   * `INSERT … ON DUPLICATE KEY UPDATE` (MariaDB) — Kysely's `onConflict` or
   * `onDuplicateKeyUpdate`.
   */
  readonly upsert?: 'onConflict' | 'onDuplicateKeyUpdate';
  /**
   * A new table's indexes are declared inside its `CREATE TABLE` (MariaDB:
   * each `CREATE INDEX` is a DDL statement of its own, about 20 ms on InnoDB
   * even for an empty table); elsewhere they follow as `CREATE INDEX`.
   */
  readonly inlineIndexes?: boolean;
}

/** A column as schema sync describes it, independent of dialect. */
export interface ColumnSpec {
  readonly name: string;
  /** Abstract type; each dialect's column-types module maps it to SQL. */
  readonly type: ColumnType;
  /** varchar length for `varchar`; precision/scale for `decimal`. */
  readonly length?: number;
  readonly precision?: number;
  readonly scale?: number;
  readonly notNull?: boolean;
  /** SQL literal default, already a safe constant (number or quoted by the dialect). */
  readonly defaultValue?: string | number | null;
  readonly primaryKey?: boolean;
  readonly autoIncrement?: boolean;
}

export type ColumnType =
  | 'varchar'
  | 'text'
  | 'longtext'
  | 'int'
  | 'bigint'
  | 'smallint'
  | 'decimal'
  | 'float'
  | 'date'
  | 'datetime'
  | 'time'
  | 'json';

export interface IndexSpec {
  readonly name: string;
  readonly columns: readonly string[];
  readonly unique?: boolean;
}

/** A table as schema sync wants it to be. */
export interface TableSpec {
  readonly name: string;
  readonly columns: readonly ColumnSpec[];
  readonly indexes: readonly IndexSpec[];
}

/** A column as it exists in the database. */
export interface ExistingColumn {
  readonly name: string;
  readonly dataType: string;
  readonly nullable: boolean;
}

/**
 * Everything that differs between SQLite, PostgreSQL and MariaDB, behind one
 * interface. Each dialect folder provides one implementation.
 */
export interface DatabaseDialect {
  readonly type: DbType;
  readonly capabilities: DialectCapabilities;
  /** SQL type for a column spec, e.g. `varchar(140)` or `decimal(21,9)`. */
  columnSql(column: ColumnSpec): string;
  /** Maps a driver error to Cortado's error classes; returns the input when it is not a known kind. */
  translateError(error: unknown): unknown;
  /** Columns of a table, or `null` when the table does not exist. */
  listColumns(db: Kysely<any>, table: string): Promise<ExistingColumn[] | null>;
  /** Index names present on a table. */
  listIndexes(db: Kysely<any>, table: string): Promise<string[]>;
  /**
   * Refreshes the planner's statistics (`ANALYZE`, `PRAGMA optimize`) so list
   * queries keep using the right index as tables grow. Called after schema
   * sync and bulk loads; a dialect without it skips the step.
   */
  analyze?(db: Kysely<any>): Promise<void>;
}

/**
 * One transaction. Nested work runs in a savepoint: an error inside `nested`
 * rolls back that work only if the caller catches it; otherwise the whole
 * unit of work rolls back.
 */
export interface UnitOfWork {
  /** The transaction's query builder. Never commit or roll back through it. */
  readonly db: Kysely<any>;
  readonly dialect: DatabaseDialect;
  /** Runs `fn` inside a savepoint. */
  nested<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * Takes a savepoint now, for work that decides later, and maybe more than
   * once, to undo what followed it (a Server Script's `frappe.db.rollback()`).
   */
  savepoint(): Promise<Savepoint>;
  /** Called after a successful commit, in order. Errors are logged, never thrown to the caller. */
  afterCommit(fn: () => void | Promise<void>): void;
  /** Called after a rollback (e.g. to reset caches touched by the transaction). */
  afterRollback(fn: () => void | Promise<void>): void;
}

/** A savepoint of a unit of work. */
export interface Savepoint {
  /** Undoes everything written since the savepoint was taken; the savepoint stays. */
  rollback(): Promise<void>;
}

/** Options for one unit of work. */
export interface TransactionOptions {
  /** A read-only unit of work (GET requests). SQLite uses a deferred transaction for these. */
  readonly readOnly?: boolean;
}

/** A connected database: the pool plus its dialect. */
export interface Database {
  readonly type: DbType;
  readonly dialect: DatabaseDialect;
  /** The pool, for work outside a transaction (schema sync, health checks). */
  readonly kysely: Kysely<any>;
  /** Runs `fn` in one transaction; commits when it resolves, rolls back when it throws. Driver errors are translated. */
  transaction<T>(fn: (uow: UnitOfWork) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** `SELECT 1` round trip; throws when the database is unreachable. */
  ping(): Promise<void>;
  /** Units of work running now, each holding one pooled connection (the pool-use metric). */
  readonly activeTransactions: number;
  close(): Promise<void>;
}
