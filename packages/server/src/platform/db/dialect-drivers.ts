import type { DbType } from './database.js';
import type { DialectDriver } from './dialect-driver.js';

/*
 * Imported on first use: a process serves one or two dialects, and each
 * client library (pg, mysql2) costs 10–15 MB of resident memory once loaded.
 */
const LOADERS: Record<DbType, () => Promise<DialectDriver>> = {
  sqlite: async () => (await import('./sqlite/sqlite-dialect.js')).sqliteDriver,
  postgres: async () => (await import('./postgres/postgres-dialect.js')).postgresDriver,
  mariadb: async () => (await import('./mariadb/mariadb-dialect.js')).mariadbDriver,
};

/** The dialect folder for a site's `db_type`. @internal */
export function dialectDriverFor(type: DbType): Promise<DialectDriver> {
  return LOADERS[type]();
}
