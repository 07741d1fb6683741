import { randomBytes } from 'node:crypto';
import type { SiteConfig } from '../../../core/config/site-config.js';
import { runTool } from '../dump/run-tool.js';
import { toolConnection } from '../dump/tool-connection.js';

const PACKAGE = 'postgresql-client';

const connection = (config: SiteConfig) =>
  toolConnection(config, { port: '-p', user: '-U', passwordVariable: 'PGPASSWORD' });

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** `pg_dump` in its custom format: one consistent snapshot (repeatable read) of the whole database. */
export async function dumpPostgres(config: SiteConfig, target: string): Promise<void> {
  const { args, env } = connection(config);
  await runTool({
    command: 'pg_dump',
    args: [
      ...args,
      '--format=custom',
      '--no-owner',
      '--no-privileges',
      '-f',
      target,
      config.db_name,
    ],
    env,
    package: PACKAGE,
  });
}

/**
 * Restores a `pg_dump` into a new database, and only when that succeeded
 * swaps it in for the site's in one transaction of renames; the old one is
 * dropped last. A failure anywhere leaves the site's database as it was.
 * The site must have no open connections (servers and workers stopped).
 */
export async function restorePostgres(config: SiteConfig, source: string): Promise<void> {
  const { args, env } = connection(config);
  const psql = (...sql: string[]) =>
    runTool({
      command: 'psql',
      args: [
        ...args,
        '-d',
        'postgres',
        '-v',
        'ON_ERROR_STOP=1',
        '-tA',
        ...sql.flatMap((s) => ['-c', s]),
      ],
      env,
      package: PACKAGE,
    });
  const suffix = randomBytes(4).toString('hex');
  const staging = `${config.db_name}__restore_${suffix}`;
  const old = `${config.db_name}__old_${suffix}`;
  await psql(`CREATE DATABASE ${ident(staging)}`);
  try {
    await runTool({
      command: 'pg_restore',
      args: [...args, '--no-owner', '--no-privileges', '--exit-on-error', '-d', staging, source],
      env,
      package: PACKAGE,
    });
    const exists = (
      await psql(`SELECT 1 FROM pg_database WHERE datname = ${literal(config.db_name)}`)
    ).trim();
    const renames = [
      ...(exists === '1'
        ? [`ALTER DATABASE ${ident(config.db_name)} RENAME TO ${ident(old)}`]
        : []),
      `ALTER DATABASE ${ident(staging)} RENAME TO ${ident(config.db_name)}`,
    ];
    await runTool({
      command: 'psql',
      args: [
        ...args,
        '-d',
        'postgres',
        '-v',
        'ON_ERROR_STOP=1',
        '-1',
        ...renames.flatMap((s) => ['-c', s]),
      ],
      env,
      package: PACKAGE,
    });
  } catch (error) {
    await psql(`DROP DATABASE IF EXISTS ${ident(staging)}`).catch(() => undefined);
    throw error;
  }
  await psql(`DROP DATABASE IF EXISTS ${ident(old)}`);
}
