import { createPool } from 'mysql2';
import { CompiledQuery, MysqlDialect } from '../kysely.js';
import type { DatabaseDialect } from '../database.js';
import type { DialectDriver } from '../dialect-driver.js';
import { serverLocation } from '../server-location.js';
import { mariadbCreateDatabaseIfMissing, mariadbDropDatabase } from './mariadb-admin.js';
import { mariadbColumnSql } from './mariadb-column-types.js';
import { mariadbConnectionOptions } from './mariadb-connection-options.js';
import { mariadbListColumns, mariadbListIndexes } from './mariadb-introspector.js';
import { translateMariadbError } from './translate-error.js';

/** @internal */
export const mariadbDialect: DatabaseDialect = {
  type: 'mariadb',
  capabilities: {
    returning: false,
    skipLocked: true,
    forUpdate: true,
    transactionalDdl: false,
    nullsSortHigh: false,
    caseInsensitiveLike: true,
    castTemporalFallback: true,
    embedded: false,
    upsert: 'onDuplicateKeyUpdate',
    inlineIndexes: true,
  },
  columnSql: mariadbColumnSql,
  translateError: translateMariadbError,
  listColumns: mariadbListColumns,
  listIndexes: mariadbListIndexes,
};

/** @internal */
export const mariadbDriver: DialectDriver = {
  dialect: mariadbDialect,
  createKyselyDialect: async (config) =>
    new MysqlDialect({
      pool: createPool({ ...mariadbConnectionOptions(config), connectionLimit: 10 }),
      // avg() and division keep 4 decimals by default; the other databases keep full precision.
      onCreateConnection: (connection) =>
        connection
          .executeQuery(CompiledQuery.raw('set session div_precision_increment = 30'))
          .then(() => undefined),
    }),
  describeLocation: (config) => `MariaDB database "${config.db_name}" at ${serverLocation(config)}`,
  createDatabaseIfMissing: mariadbCreateDatabaseIfMissing,
  dropDatabase: mariadbDropDatabase,
};
