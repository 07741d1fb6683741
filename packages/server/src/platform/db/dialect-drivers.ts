import type { DbType } from './database.js';
import type { DialectDriver } from './dialect-driver.js';
import { mariadbDriver } from './mariadb/mariadb-dialect.js';
import { postgresDriver } from './postgres/postgres-dialect.js';
import { sqliteDriver } from './sqlite/sqlite-dialect.js';

const DRIVERS: Record<DbType, DialectDriver> = {
  sqlite: sqliteDriver,
  postgres: postgresDriver,
  mariadb: mariadbDriver,
};

/** The dialect folder for a site's `db_type`. @internal */
export function dialectDriverFor(type: DbType): DialectDriver {
  return DRIVERS[type];
}
