import { Kysely, sql } from './kysely.js';
import type { SiteConfig } from '../../core/config/site-config.js';
import { ConfigError } from '../../core/errors/index.js';
import type { Database, DatabaseDialect, TransactionOptions, UnitOfWork } from './database.js';
import type { DialectDriver } from './dialect-driver.js';
import { dialectDriverFor } from './dialect-drivers.js';
import { withErrorTranslation } from './translating-driver.js';
import { runUnitOfWork } from './unit-of-work.js';

/**
 * Opens the site's database (`db_type`: sqlite, postgres or mariadb) and
 * checks it answers. A server that cannot be reached is a `ConfigError`
 * whose message is one line naming host and port.
 *
 * @example
 * const db = await connectDatabase(config, '/srv/sites/site1.local');
 * await db.transaction(async (uow) => uow.db.selectFrom('tabNote').selectAll().execute());
 */
export async function connectDatabase(config: SiteConfig, sitePath: string): Promise<Database> {
  const driver = await dialectDriverFor(config.db_type);
  const failure = (error: unknown) =>
    new ConfigError(`Cannot open ${driver.describeLocation(config, sitePath)}: ${reason(error)}`, {
      cause: error,
    });
  let kysely: Kysely<any>;
  try {
    const dialect = await driver.createKyselyDialect(config, sitePath);
    kysely = new Kysely<any>({
      dialect: withErrorTranslation(dialect, driver.dialect.translateError),
    });
  } catch (error) {
    throw failure(error);
  }
  const database = new KyselyDatabase(kysely, driver.dialect);
  try {
    await database.ping();
  } catch (error) {
    await database.close().catch(() => undefined);
    throw failure(error);
  }
  return database;
}

/**
 * Creates the site's database when it does not exist yet (`new-site`).
 * PostgreSQL and MariaDB connect to the server with the site's credentials.
 */
export async function createDatabaseIfMissing(config: SiteConfig, sitePath: string): Promise<void> {
  await runAdmin(config, sitePath, (driver) => driver.createDatabaseIfMissing(config, sitePath));
}

/** Drops the site's database (`drop-site`); a missing database is not an error. */
export async function dropDatabase(config: SiteConfig, sitePath: string): Promise<void> {
  await runAdmin(config, sitePath, (driver) => driver.dropDatabase(config, sitePath));
}

async function runAdmin(
  config: SiteConfig,
  sitePath: string,
  fn: (driver: DialectDriver) => Promise<void>,
): Promise<void> {
  const driver = await dialectDriverFor(config.db_type);
  try {
    await fn(driver);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(
      `Cannot reach ${driver.describeLocation(config, sitePath)}: ${reason(error)}`,
      {
        cause: error,
      },
    );
  }
}

function reason(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return reason(error.errors[0]);
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] || String((error as { code?: unknown })?.code ?? 'unknown error');
}

class KyselyDatabase implements Database {
  readonly kysely: Kysely<any>;
  readonly dialect: DatabaseDialect;
  activeTransactions = 0;

  constructor(kysely: Kysely<any>, dialect: DatabaseDialect) {
    this.kysely = kysely;
    this.dialect = dialect;
  }

  get type() {
    return this.dialect.type;
  }

  async transaction<T>(
    fn: (uow: UnitOfWork) => Promise<T>,
    options?: TransactionOptions,
  ): Promise<T> {
    this.activeTransactions += 1;
    try {
      return await runUnitOfWork(this.kysely, this.dialect, fn, options);
    } finally {
      this.activeTransactions -= 1;
    }
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.kysely);
  }

  close(): Promise<void> {
    return this.kysely.destroy();
  }
}
