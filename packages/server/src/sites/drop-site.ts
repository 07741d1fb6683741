import { mkdirSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadConfig } from '../core/config/load-config.js';
import { dropDatabase } from '../platform/db/connect.js';
import { assertSiteName } from './sites-dir.js';

/**
 * Frappe's `bench drop-site`: drops the database and moves the site folder
 * to `archived_sites/` beside the sites folder (files are kept, not deleted).
 * With `force`, a database that cannot be dropped does not stop the archive.
 *
 * @returns where the folder was moved.
 */
export async function dropSite(
  sitesDir: string,
  name: string,
  options: { readonly force?: boolean; readonly env?: NodeJS.ProcessEnv } = {},
): Promise<string> {
  const path = join(sitesDir, assertSiteName(name));
  const config = loadConfig(sitesDir, name, options.env);
  try {
    await dropDatabase(config, path);
  } catch (error) {
    if (!options.force) throw error;
  }
  const archive = join(dirname(sitesDir), 'archived_sites');
  mkdirSync(archive, { recursive: true });
  const target = join(archive, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  renameSync(path, target);
  return target;
}
