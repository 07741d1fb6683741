import { join } from 'node:path';
import type { SiteConfig } from '../../../core/config/site-config.js';
import { dumpMariadb, restoreMariadb } from '../mariadb/mariadb-dump.js';
import { dumpPostgres, restorePostgres } from '../postgres/postgres-dump.js';
import { dumpSqlite, restoreSqlite } from '../sqlite/sqlite-dump.js';

/** The file extension of each engine's dump. */
export const DUMP_EXTENSIONS: Readonly<Record<SiteConfig['db_type'], string>> = {
  sqlite: 'sqlite3',
  postgres: 'pgdump',
  mariadb: 'sql',
};

/** Writes a consistent dump of the site's database to `target`, while the site keeps serving. */
export function dumpDatabase(config: SiteConfig, sitePath: string, target: string): Promise<void> {
  switch (config.db_type) {
    case 'sqlite':
      return dumpSqlite(join(sitePath, config.db_file), target);
    case 'postgres':
      return dumpPostgres(config, target);
    case 'mariadb':
      return dumpMariadb(config, target);
  }
}

/** Replaces the site's database with the dump at `source`, all or nothing. */
export function restoreDatabase(
  config: SiteConfig,
  sitePath: string,
  source: string,
): Promise<void> {
  switch (config.db_type) {
    case 'sqlite':
      return restoreSqlite(source, join(sitePath, config.db_file));
    case 'postgres':
      return restorePostgres(config, source);
    case 'mariadb':
      return restoreMariadb(config, source);
  }
}
