import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../core/config/load-config.js';
import { updateSiteConfig } from '../core/config/update-site-config.js';
import { ConfigError } from '../core/errors/index.js';
import type { Site } from '../engine/site.js';
import { createDatabaseIfMissing } from '../platform/db/connect.js';
import { setAdminPassword } from './admin-password.js';
import { migrateSite, type MigrateProgress } from './migrate-site.js';
import { openSite } from './open-site.js';
import { assertSiteName } from './sites-dir.js';

export interface CreateSiteOptions {
  /** Keys written to the new `site_config.json` (`db_type`, `db_host`, `installed_apps`, …). */
  readonly config?: Readonly<Record<string, unknown>>;
  readonly adminPassword: string;
  readonly onProgress?: (progress: MigrateProgress) => void;
  readonly env?: NodeJS.ProcessEnv;
}

/** What `createSite` did, for the CLI to report. */
export interface CreatedSite {
  readonly site: Site;
}

/**
 * Frappe's `bench new-site`: the site folder with `public/files` and
 * `private/files`, a `site_config.json` with a generated `encryption_key`,
 * the database, a full migrate and the Administrator's password. A failure
 * removes the folder again, so the name can be retried.
 *
 * @example
 * const { site } = await createSite(sitesDir(), 'erp.localhost', { adminPassword: 'admin' });
 */
export async function createSite(
  sitesDir: string,
  name: string,
  options: CreateSiteOptions,
): Promise<CreatedSite> {
  const path = join(sitesDir, assertSiteName(name));
  if (existsSync(path)) throw new ConfigError(`Site '${name}' already exists in ${sitesDir}`);
  const env = options.env ?? process.env;
  mkdirSync(join(path, 'public', 'files'), { recursive: true });
  mkdirSync(join(path, 'private', 'files'), { recursive: true });
  let site: Site | undefined;
  try {
    updateSiteConfig(path, { ...options.config, encryption_key: generateEncryptionKey() });
    await createDatabaseIfMissing(loadConfig(sitesDir, name, env), path);
    site = await openSite(sitesDir, name, env);
    await migrateSite(site, options.onProgress);
    await setAdminPassword(site, options.adminPassword);
    return { site };
  } catch (error) {
    await site?.db.close();
    rmSync(path, { recursive: true, force: true });
    throw error;
  }
}

/** A Fernet key (32 random bytes, URL-safe base64), the format Frappe's `encryption_key` has. */
function generateEncryptionKey(): string {
  return randomBytes(32).toString('base64').replaceAll('+', '-').replaceAll('/', '_');
}
