import { createConnection } from 'mysql2/promise';
import type { SiteConfig } from '../../../core/config/site-config.js';
import { assertDatabaseName } from '../identifiers.js';
import { mariadbConnectionOptions } from './mariadb-connection-options.js';

async function runOnServer(config: SiteConfig, statement: string): Promise<void> {
  const connection = await createConnection(mariadbConnectionOptions(config, false));
  try {
    await connection.query(statement);
  } finally {
    await connection.end();
  }
}

/** Frappe's table options come from the database defaults: utf8mb4 with unicode_ci collation. @internal */
export async function mariadbCreateDatabaseIfMissing(config: SiteConfig): Promise<void> {
  const name = assertDatabaseName(config.db_name);
  await runOnServer(
    config,
    `create database if not exists \`${name}\` character set utf8mb4 collate utf8mb4_unicode_ci`,
  );
}

/** @internal */
export async function mariadbDropDatabase(config: SiteConfig): Promise<void> {
  await runOnServer(config, `drop database if exists \`${assertDatabaseName(config.db_name)}\``);
}
