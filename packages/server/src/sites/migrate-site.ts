import type { Site } from '../engine/site.js';
import { withContext } from '../engine/runtime/with-context.js';
import { syncDocTypes } from '../model/schema-sync.js';
import { ensureSystemTables } from '../platform/db/system-tables.js';
import { ensureFeatureTables } from './feature-tables.js';
import { syncStandardDocTypeRecords } from './standard-doctype-records.js';
import { restoreStandardDeskAccess } from './standard-role-desk-access.js';
import { ensureInstalledAppsTable, installedAppNames, recordInstalledApp } from './installed-apps.js';

/** One progress report of `migrateSite`: a phase and how far it is. */
export interface MigrateProgress {
  readonly phase: 'system tables' | 'doctypes' | 'apps';
  readonly done: number;
  readonly total: number;
  /** What is being worked on (a DocType or app name). */
  readonly item?: string;
}

/**
 * Brings a site's database up to its apps: system tables, one table per
 * DocType of every installed app (created or extended, never dropped), their
 * standard DocType records, then
 * `afterInstall` of each app installed since the last migrate, each in its
 * own transaction as Administrator.
 *
 * @example
 * await migrateSite(site, (p) => console.log(p.phase, p.done, p.total));
 */
export async function migrateSite(
  site: Site,
  onProgress: (progress: MigrateProgress) => void = () => {},
): Promise<void> {
  onProgress({ phase: 'system tables', done: 0, total: 1 });
  await ensureSystemTables(site.db);
  await ensureInstalledAppsTable(site.db);
  await ensureFeatureTables(site.db);
  onProgress({ phase: 'system tables', done: 1, total: 1 });
  const metas = site.meta.all();
  await syncDocTypes(site.db, metas, (done: number, total: number, doctype?: string) =>
    onProgress({
      phase: 'doctypes',
      done,
      total,
      ...(doctype === undefined ? {} : { item: doctype }),
    }),
  );
  await syncStandardDocTypeRecords(site);
  await installNewApps(site, onProgress);
  await restoreStandardDeskAccess(site);
}

async function installNewApps(site: Site, onProgress: (progress: MigrateProgress) => void) {
  const installed = await installedAppNames(site.db);
  const pending = site.apps.apps.filter((app) => !installed.has(app.name));
  for (const [index, app] of pending.entries()) {
    onProgress({ phase: 'apps', done: index, total: pending.length, item: app.name });
    await withContext(
      site,
      'Administrator',
      async (ctx) => {
        await app.afterInstall?.(ctx);
        await recordInstalledApp(ctx.uow, app);
      },
      { flags: { inInstall: true, ignorePermissions: true } },
    );
  }
  onProgress({ phase: 'apps', done: pending.length, total: pending.length });
}
