import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError } from '../core/errors/index.js';
import { loadCommonConfig } from '../core/config/load-config.js';

/** The sites folder: `$CORTADO_SITES_DIR`, else `./sites`, as an absolute path. */
export function sitesDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.CORTADO_SITES_DIR || 'sites');
}

/** Names of the sites in `dir` (folders holding a `site_config.json`), sorted. */
export function listSites(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'site_config.json')))
    .map((entry) => entry.name)
    .sort();
}

/**
 * The site to use when none is named: `default_site` of
 * `common_site_config.json`, else the only site of the folder.
 */
export function defaultSite(dir: string): string {
  const configured = loadCommonConfig(dir).default_site;
  if (typeof configured === 'string' && configured !== '') return configured;
  const sites = listSites(dir);
  if (sites.length === 1) return sites[0] as string;
  throw new ConfigError(
    sites.length === 0
      ? `No site in ${dir}; create one with 'cortado new-site <name>'`
      : `Several sites in ${dir} (${sites.join(', ')}); pass --site or set default_site in common_site_config.json`,
  );
}

/** Site names become folder and database names, so they are kept to a safe alphabet. */
export function assertSiteName(name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/.test(name) || name.includes('..')) {
    throw new ConfigError(
      `Invalid site name '${name}': use letters, digits, '.', '-' and '_' (e.g. erp.localhost)`,
    );
  }
  return name;
}
