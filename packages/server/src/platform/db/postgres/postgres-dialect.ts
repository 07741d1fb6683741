import pg from 'pg';
import { PostgresDialect, sql } from '../kysely.js';
import type { DatabaseDialect } from '../database.js';
import type { DialectDriver } from '../dialect-driver.js';
import { serverLocation } from '../server-location.js';
import { postgresCreateDatabaseIfMissing, postgresDropDatabase } from './postgres-admin.js';
import { postgresColumnSql } from './postgres-column-types.js';
import { postgresConnectionOptions } from './postgres-connection-options.js';
import { postgresListColumns, postgresListIndexes } from './postgres-introspector.js';
import { translatePostgresError } from './translate-error.js';

/** @internal */
export const postgresDialect: DatabaseDialect = {
  type: 'postgres',
  capabilities: {
    returning: true,
    skipLocked: true,
    forUpdate: true,
    transactionalDdl: true,
    nullsSortHigh: true,
    caseInsensitiveLike: false,
    castTemporalFallback: false,
    embedded: false,
    upsert: 'onConflict',
  },
  columnSql: postgresColumnSql,
  translateError: translatePostgresError,
  listColumns: postgresListColumns,
  listIndexes: postgresListIndexes,
  // Autovacuum analyses eventually; after a migration or bulk load the planner needs statistics now.
  analyze: async (db) => {
    await sql`analyze`.execute(db);
  },
};

/** @internal */
export const postgresDriver: DialectDriver = {
  dialect: postgresDialect,
  createKyselyDialect: async (config) => {
    const pool = new pg.Pool({ ...postgresConnectionOptions(config), max: 10 });
    // An idle client losing its server must not crash the process; the next query reports it.
    pool.on('error', () => undefined);
    // The pool listens only while a client is idle; one that loses its server while
    // checked out (between two queries of a transaction) would emit an unhandled
    // 'error' and end the process. Its next query fails instead, and the pool
    // discards it on release because it is no longer queryable.
    pool.on('connect', (client) => client.on('error', () => undefined));
    return new PostgresDialect({ pool });
  },
  describeLocation: (config) =>
    `PostgreSQL database "${config.db_name}" at ${serverLocation(config)}`,
  createDatabaseIfMissing: postgresCreateDatabaseIfMissing,
  dropDatabase: postgresDropDatabase,
};
