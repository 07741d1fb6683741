import type { Database, TableSpec, UnitOfWork } from '../platform/db/database.js';
import { syncTable } from '../platform/db/sync-table.js';

/**
 * The apps whose install step has run on a site, in `__installed_apps` (a
 * system table like Frappe's `__Auth`), so `migrate` runs `afterInstall`
 * once per app and site.
 */
const TABLE = '__installed_apps';

const SPEC: TableSpec = {
  name: TABLE,
  columns: [
    { name: 'app_name', type: 'varchar', length: 140, primaryKey: true },
    { name: 'app_version', type: 'varchar', length: 140, notNull: true },
    { name: 'installed_on', type: 'varchar', length: 32, notNull: true },
  ],
  indexes: [],
};

export async function ensureInstalledAppsTable(db: Database): Promise<void> {
  await syncTable(db, SPEC);
}

export async function installedAppNames(db: Database): Promise<Set<string>> {
  const rows = await db.kysely.selectFrom(TABLE).select('app_name').execute();
  return new Set(rows.map((row) => String(row.app_name)));
}

export async function recordInstalledApp(
  uow: UnitOfWork,
  app: { readonly name: string; readonly version: string },
): Promise<void> {
  await uow.db
    .insertInto(TABLE)
    .values({
      app_name: app.name,
      app_version: app.version,
      installed_on: new Date().toISOString(),
    })
    .execute();
}
