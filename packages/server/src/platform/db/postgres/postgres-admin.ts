import pg from 'pg';
import type { SiteConfig } from '../../../core/config/site-config.js';
import { assertDatabaseName } from '../identifiers.js';
import { postgresConnectionOptions } from './postgres-connection-options.js';

/** Runs `fn` on a short-lived connection to the server's `postgres` maintenance database. */
async function withMaintenanceClient(
  config: SiteConfig,
  fn: (client: pg.Client) => Promise<void>,
): Promise<void> {
  const client = new pg.Client(postgresConnectionOptions(config, 'postgres'));
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end();
  }
}

/** @internal */
export async function postgresCreateDatabaseIfMissing(config: SiteConfig): Promise<void> {
  const name = assertDatabaseName(config.db_name);
  await withMaintenanceClient(config, async (client) => {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`create database "${name}"`);
  });
}

/** @internal */
export async function postgresDropDatabase(config: SiteConfig): Promise<void> {
  const name = assertDatabaseName(config.db_name);
  // WITH (FORCE) ends other sessions (PostgreSQL 13+), so a stale worker cannot block drop-site.
  await withMaintenanceClient(config, async (client) => {
    await client.query(`drop database if exists "${name}" with (force)`);
  });
}
