import { createAppRegistry } from '../../../src/engine/runtime/app-registry.js';
import type { Context } from '../../../src/engine/context.js';
import { createDocEventBus } from '../../../src/engine/runtime/event-bus.js';
import { loadRuntimeDocTypes } from '../../../src/engine/runtime/meta-version.js';
import type { Site } from '../../../src/engine/site.js';
import { withContext } from '../../../src/engine/runtime/with-context.js';
import { loadMeta } from '../../../src/model/load-meta.js';
import { createMetaRegistry } from '../../../src/model/meta-cache.js';
import { connectDatabase } from '../../../src/platform/db/connect.js';
import type { Database } from '../../../src/platform/db/database.js';
import { coreApp } from '../../../src/sites/core-app.js';
import { migrateSite } from '../../../src/sites/migrate-site.js';
import type { TestDatabase } from '../../helpers/dialects.js';

/** A site with only the core app, as `openSite` builds it, on `db`. */
export async function coreSite(testDb: TestDatabase, db: Database = testDb.db): Promise<Site> {
  const app = coreApp();
  const site: Site = {
    name: 'runtime.local',
    path: testDb.sitePath,
    config: testDb.config,
    db,
    meta: createMetaRegistry(app.doctypes.map(loadMeta)),
    apps: createAppRegistry([app]),
    events: createDocEventBus(),
  };
  await loadRuntimeDocTypes(site);
  return site;
}

/** A migrated core site, and a second "process" on its own connection pool. */
export async function migratedSite(testDb: TestDatabase): Promise<Site> {
  const site = await coreSite(testDb);
  await migrateSite(site);
  return site;
}

/** Another server process on the same database: own pool, own registry. */
export async function otherProcess(testDb: TestDatabase): Promise<Site> {
  return coreSite(testDb, await connectDatabase(testDb.config, testDb.sitePath));
}

export function asAdmin<T>(site: Site, fn: (ctx: Context) => Promise<T>): Promise<T> {
  return withContext(site, 'Administrator', fn);
}

const FULL = [{ role: 'System Manager', read: 1, write: 1, create: 1, delete: 1 }];

/** A DocType document as a client posts it to `/api/resource/DocType`. */
export function docTypeDoc(
  name: string,
  fields: Record<string, unknown>[],
  extra: Record<string, unknown> = {},
) {
  return {
    doctype: 'DocType',
    name,
    module: 'Custom',
    custom: 1,
    autoname: 'hash',
    fields,
    permissions: FULL,
    ...extra,
  };
}
