import { randomBytes } from 'node:crypto';
import type { SiteConfig } from '../../../core/config/site-config.js';
import { runTool } from '../dump/run-tool.js';
import { toolConnection } from '../dump/tool-connection.js';

const PACKAGE = 'mariadb-client';

const connection = (config: SiteConfig) =>
  toolConnection(config, { port: '-P', user: '-u', passwordVariable: 'MYSQL_PWD' });

const ident = (name: string) => `\`${name.replaceAll('`', '``')}\``;
const literal = (text: string) => `'${text.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;

/** `mariadb-dump --single-transaction`: one consistent InnoDB snapshot, without locking writers out. */
export async function dumpMariadb(config: SiteConfig, target: string): Promise<void> {
  const { args, env } = connection(config);
  await runTool({
    command: 'mariadb-dump',
    args: [
      ...args,
      '--single-transaction',
      '--quick',
      '--skip-lock-tables',
      '--default-character-set=utf8mb4',
      config.db_name,
    ],
    env,
    stdoutFile: target,
    package: PACKAGE,
  });
}

/**
 * Loads a dump into a new database, and only when that succeeded moves its
 * tables in place of the site's with one `RENAME TABLE` (atomic in
 * MariaDB); the old tables are dropped last. A failure anywhere leaves the
 * site's tables as they were. Servers and workers must be stopped.
 */
export async function restoreMariadb(config: SiteConfig, source: string): Promise<void> {
  const { args, env } = connection(config);
  const sql = (statement: string, database?: string) =>
    runTool({
      command: 'mariadb',
      args: [...args, '-N', '-B', ...(database === undefined ? [] : [database]), '-e', statement],
      env,
      package: PACKAGE,
    });
  const suffix = randomBytes(4).toString('hex');
  const staging = `${config.db_name}__restore_${suffix}`;
  const old = `${config.db_name}__old_${suffix}`;
  const tablesOf = async (database: string) =>
    (
      await sql(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = ${literal(database)}`,
      )
    )
      .split('\n')
      .filter(Boolean);
  await sql(`CREATE DATABASE ${ident(staging)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  try {
    await runTool({
      command: 'mariadb',
      args: [...args, staging],
      env,
      stdinFile: source,
      package: PACKAGE,
    });
    await sql(
      `CREATE DATABASE IF NOT EXISTS ${ident(config.db_name)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
    await sql(`CREATE DATABASE ${ident(old)}`);
    const current = await tablesOf(config.db_name);
    const restored = await tablesOf(staging);
    const moves = [
      ...current.map((t) => `${ident(config.db_name)}.${ident(t)} TO ${ident(old)}.${ident(t)}`),
      ...restored.map(
        (t) => `${ident(staging)}.${ident(t)} TO ${ident(config.db_name)}.${ident(t)}`,
      ),
    ];
    if (moves.length > 0) await sql(`RENAME TABLE ${moves.join(', ')}`);
  } catch (error) {
    await sql(`DROP DATABASE IF EXISTS ${ident(staging)}`).catch(() => undefined);
    await sql(`DROP DATABASE IF EXISTS ${ident(old)}`).catch(() => undefined);
    throw error;
  }
  await sql(`DROP DATABASE IF EXISTS ${ident(staging)}`);
  await sql(`DROP DATABASE IF EXISTS ${ident(old)}`);
}
