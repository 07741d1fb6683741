import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { SiteConfig } from '../../src/core/config/site-config.js';
import { buildApp, type BuildAppOptions } from '../../src/app.js';
import { createLogger } from '../../src/core/logger.js';
import type { AppDefinition } from '../../src/engine/runtime/app-definition.js';
import { createAppRegistry } from '../../src/engine/runtime/app-registry.js';
import { createDocEventBus } from '../../src/engine/runtime/event-bus.js';
import type { Site } from '../../src/engine/site.js';
import type { AuthResult, Authenticator } from '../../src/http/authenticator.js';
import { loadMeta } from '../../src/model/load-meta.js';
import { createMetaRegistry } from '../../src/model/meta-cache.js';
import type { DbType } from '../../src/platform/db/database.js';
import { createTestDatabase, type TestDatabase } from './dialects.js';

/** Header naming the user a test request runs as (read only by the test authenticator). */
export const TEST_USER_HEADER = 'x-test-user';
/** Header making the test request a cookie session holding this CSRF token. */
export const TEST_SESSION_CSRF_HEADER = 'x-test-session-csrf';

/**
 * The pluggable test user: `x-test-user` picks the user (default Guest), a
 * token login unless `x-test-session-csrf` makes it a cookie session with that
 * CSRF token. Every named user counts as a System User.
 */
export const testAuthenticator: Authenticator = (request) => {
  const user = request.headers[TEST_USER_HEADER];
  if (typeof user !== 'string' || user === 'Guest') return { user: 'Guest', via: 'guest' };
  const csrf = request.headers[TEST_SESSION_CSRF_HEADER];
  const result: AuthResult =
    typeof csrf === 'string'
      ? { user, via: 'session', sessionCsrfToken: csrf, systemUser: true }
      : { user, via: 'token', systemUser: true };
  return result;
};

export interface TestAppOptions {
  readonly dialect?: DbType;
  /** Site name (default `test.localhost`). */
  readonly name?: string;
  /** Apps besides the core app. */
  readonly apps?: readonly AppDefinition[];
  readonly config?: Partial<SiteConfig>;
  /** Install the core app and create every DocType's table (needs the model's schema sync). */
  readonly migrate?: boolean;
  readonly authenticate?: Authenticator;
  readonly build?: Partial<BuildAppOptions>;
}

/** A Fastify app around one freshly created site. */
export interface TestApp {
  readonly app: FastifyInstance;
  readonly site: Site;
  readonly database: TestDatabase;
  close(): Promise<void>;
}

/**
 * Builds a site by hand on a fresh test database (default SQLite) and the
 * app around it, with the test authenticator and a silent logger.
 *
 * @example
 * const t = await buildTestApp({ apps: [myApp] });
 * const res = await t.app.inject({ url: '/api/method/ping' });
 * await t.close();
 */
export async function buildTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase(options.dialect ?? 'sqlite');
  const site = await siteOn(database, options);
  const app = await buildApp({
    sites: [site],
    logger: createLogger({ level: 'silent' }),
    authenticate: options.authenticate ?? testAuthenticator,
    ...options.build,
  });
  return {
    app,
    site,
    database,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

async function siteOn(database: TestDatabase, options: TestAppOptions): Promise<Site> {
  const apps = [...(options.migrate === true ? [await coreApp()] : []), ...(options.apps ?? [])];
  const site: Site = {
    name: options.name ?? 'test.localhost',
    path: database.sitePath,
    // createSite generates the key; a hand-built site needs one for Password fields.
    config: {
      ...database.config,
      encryption_key: database.config.encryption_key ?? randomBytes(32).toString('base64url'),
      ...options.config,
    },
    db: database.db,
    meta: createMetaRegistry(apps.flatMap((app) => app.doctypes).map(loadMeta)),
    apps: createAppRegistry(apps),
    events: createDocEventBus(),
  };
  if (options.migrate === true) {
    // Loaded on demand so shell tests run without the model's schema sync.
    const { migrateSite } = await import('../../src/sites/migrate-site.js');
    await migrateSite(site);
  }
  return site;
}

async function coreApp(): Promise<AppDefinition> {
  return (await import('../../src/sites/core-app.js')).coreApp();
}
