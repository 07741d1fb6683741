import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  sql,
  CompiledQuery,
  SqliteAdapter,
  SqliteDriver,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type TransactionSettings,
} from '../kysely.js';
import type { SiteConfig } from '../../../core/config/site-config.js';
import type { DatabaseDialect } from '../database.js';
import type { DialectDriver } from '../dialect-driver.js';
import { sqliteColumnSql } from './sqlite-column-types.js';
import { sqliteListColumns, sqliteListIndexes } from './sqlite-introspector.js';
import { sqliteDropDatabase } from './sqlite-admin.js';
import { translateSqliteError } from './translate-error.js';
import { withStatementCache } from './statement-cache.js';
import { createWriteLockBegin } from './write-lock.js';

/** How long a writer waits for another connection's write lock before SQLITE_BUSY (write-lock.ts waits without blocking). */
const BUSY_TIMEOUT_MS = 10_000;

/** @internal */
export const sqliteDialect: DatabaseDialect = {
  type: 'sqlite',
  capabilities: {
    returning: true,
    skipLocked: false,
    forUpdate: false,
    transactionalDdl: true,
    nullsSortHigh: false,
    caseInsensitiveLike: true,
    castTemporalFallback: false,
    embedded: true,
    upsert: 'onConflict',
  },
  columnSql: sqliteColumnSql,
  translateError: translateSqliteError,
  listColumns: sqliteListColumns,
  listIndexes: sqliteListIndexes,
  // Fresh statistics let the planner pick the composite (filter, sort) index over a bare filter index.
  analyze: async (db) => {
    await sql`analyze`.execute(db);
  },
};

/**
 * A deferred transaction that reads first and writes later fails with
 * SQLITE_BUSY when another process wrote in between, and busy_timeout cannot
 * help it. Write transactions therefore take the write lock up front; read-only
 * ones (no access mode set) stay deferred.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  readonly #beginImmediate: (connection: DatabaseConnection) => Promise<void>;

  constructor(database: BetterSqlite3.Database) {
    super({ database: withStatementCache(database) });
    this.#beginImmediate = createWriteLockBegin(database, BUSY_TIMEOUT_MS);
  }

  override async beginTransaction(
    connection: DatabaseConnection,
    settings?: TransactionSettings,
  ): Promise<void> {
    if (settings?.accessMode === 'read write') await this.#beginImmediate(connection);
    else await connection.executeQuery(BEGIN_DEFERRED);
  }
}

const BEGIN_DEFERRED = CompiledQuery.raw('begin deferred');

/** @internal */
export function sqliteFilePath(config: SiteConfig, sitePath: string): string {
  return resolve(sitePath, config.db_file);
}

function openSqlite(file: string): BetterSqlite3.Database {
  const db = new BetterSqlite3(file, { timeout: BUSY_TIMEOUT_MS });
  // Durability trade-off documented in docs/database.md.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  return db;
}

async function createKyselyDialect(config: SiteConfig, sitePath: string): Promise<Dialect> {
  const file = sqliteFilePath(config, sitePath);
  await mkdir(dirname(file), { recursive: true });
  const database = openSqlite(file);
  return {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new ImmediateSqliteDriver(database),
    createQueryCompiler: () => new SqliteQueryCompiler(),
    createIntrospector: (db) => new SqliteIntrospector(db),
  };
}

/** @internal */
export const sqliteDriver: DialectDriver = {
  dialect: sqliteDialect,
  createKyselyDialect,
  describeLocation: (config, sitePath) => `SQLite file ${sqliteFilePath(config, sitePath)}`,
  // The file is created on first connect.
  createDatabaseIfMissing: async (config, sitePath) => {
    await mkdir(dirname(sqliteFilePath(config, sitePath)), { recursive: true });
  },
  dropDatabase: (config, sitePath) => sqliteDropDatabase(sqliteFilePath(config, sitePath)),
};
