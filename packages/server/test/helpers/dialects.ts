import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SiteConfig } from '../../src/core/config/site-config.js';
import { CONFIG_KEYS } from '../../src/core/config/defaults.js';
import {
  connectDatabase,
  createDatabaseIfMissing,
  dropDatabase,
} from '../../src/platform/db/connect.js';
import type { Database, DbType } from '../../src/platform/db/database.js';

const KNOWN: readonly DbType[] = ['sqlite', 'postgres', 'mariadb'];

function parseDialects(value: string | undefined): DbType[] {
  const names = (value || KNOWN.join(','))
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  for (const name of names) {
    if (!KNOWN.includes(name as DbType))
      throw new Error(`CORTADO_TEST_DIALECTS: unknown dialect "${name}"`);
  }
  return names as DbType[];
}

/** Dialects the integration suites loop over: env `CORTADO_TEST_DIALECTS` (comma list), default all three. */
export const DIALECTS: readonly DbType[] = parseDialects(process.env['CORTADO_TEST_DIALECTS']);

/** The services this machine runs for tests: PostgreSQL as `postgres` and MariaDB as `root`, no passwords. */
const SERVERS: Record<DbType, Partial<SiteConfig>> = {
  sqlite: {},
  postgres: { db_host: '127.0.0.1', db_port: 5432, db_user: 'postgres', db_password: null },
  mariadb: { db_host: '127.0.0.1', db_port: 3306, db_user: 'root', db_password: null },
};

/** A complete `SiteConfig` for `type` with the test servers' credentials: defaults, then `overrides`. */
export function testSiteConfig(type: DbType, overrides: Partial<SiteConfig> = {}): SiteConfig {
  const defaults = Object.fromEntries(
    CONFIG_KEYS.map((definition) => [definition.key, definition.default]),
  );
  return { ...defaults, db_type: type, ...SERVERS[type], ...overrides } as SiteConfig;
}

/** A fresh, empty database and how to get rid of it. */
export interface TestDatabase {
  readonly db: Database;
  readonly config: SiteConfig;
  readonly sitePath: string;
  /** Closes the connection, drops the database and removes the site folder. */
  drop(): Promise<void>;
}

/**
 * Creates a uniquely named empty database (`cortado_t_<random>`; SQLite: a
 * temp site folder). An unreachable server throws, so the test fails instead
 * of skipping.
 */
export async function createTestDatabase(type: DbType): Promise<TestDatabase> {
  const sitePath = await mkdtemp(join(tmpdir(), 'cortado-t-'));
  const config = testSiteConfig(type, { db_name: `cortado_t_${randomBytes(6).toString('hex')}` });
  await createDatabaseIfMissing(config, sitePath);
  const db = await connectDatabase(config, sitePath);
  return {
    db,
    config,
    sitePath,
    async drop() {
      await db.close();
      await dropDatabase(config, sitePath);
      await rm(sitePath, { recursive: true, force: true });
    },
  };
}
