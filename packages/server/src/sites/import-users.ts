import type { SiteConfig } from '../core/config/site-config.js';
import { withContext } from '../engine/runtime/with-context.js';
import type { Site } from '../engine/site.js';
import { importFrappeUsers, type ImportUsersResult } from '../features/auth/import-users.js';
import { ensureAuthTable } from '../platform/db/auth-table.js';
import { connectDatabase } from '../platform/db/connect.js';

/**
 * `cortado import-users`: opens the Frappe database that `source` describes
 * (Frappe's site-config keys: `db_type`, `db_host`, `db_port`, `db_name`,
 * `db_user` — Frappe's default is the database name — `db_password`) and
 * imports its users into `site` in one transaction. `encryption_key` is the
 * Frappe site's, for its API secrets.
 *
 * @example
 * await importUsers(site, { db_type: 'mariadb', db_name: '_1bd3e0294da19198', db_password: '…' }, frappeKey);
 */
export async function importUsers(
  site: Site,
  source: Partial<SiteConfig>,
  encryptionKey: string | null,
  sourcePath = '.',
): Promise<ImportUsersResult> {
  await ensureAuthTable(site.db);
  const config = {
    db_type: 'mariadb',
    db_host: '127.0.0.1',
    db_port: null,
    db_user: source.db_user ?? source.db_name ?? null,
    ...source,
  } as SiteConfig;
  const frappe = await connectDatabase(config, sourcePath);
  try {
    return await withContext(
      site,
      'Administrator',
      (ctx) => importFrappeUsers(ctx, frappe.kysely, encryptionKey),
      {
        flags: { ignorePermissions: true },
      },
    );
  } finally {
    await frappe.close();
  }
}
