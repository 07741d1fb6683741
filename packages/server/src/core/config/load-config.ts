import { join } from 'node:path';
import { ConfigError } from '../errors/index.js';
import { assertConfigValue } from './check-config-value.js';
import { CONFIG_KEYS, configKey, envVarFor } from './defaults.js';
import { envOverrides } from './env-overrides.js';
import { readJsonFile } from './read-json-file.js';
import type { SiteConfig } from './site-config.js';

/** `common_site_config.json` of a sites folder (`{}` when absent). */
export function loadCommonConfig(sitesDir: string): Record<string, unknown> {
  return readJsonFile(join(sitesDir, 'common_site_config.json'), 'common_site_config.json') ?? {};
}

/**
 * The bench-wide keys a process reads once at start (`commonOnly` ones such as
 * `metrics_token`): `common_site_config.json`, then `CORTADO_<KEY>`
 * environment variables, validated like a site's config.
 */
export function loadBenchConfig(
  sitesDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Record<string, unknown> {
  const merged: Record<string, unknown> = {
    ...loadCommonConfig(sitesDir),
    ...Object.fromEntries(envOverrides(env)),
  };
  for (const [key, value] of Object.entries(merged)) assertConfigValue(key, value, key);
  return merged;
}

/**
 * The effective config of one site: defaults, then `common_site_config.json`,
 * then the site's `site_config.json`, then `CORTADO_<KEY>` environment
 * variables. Known keys are validated (the error names the key and where its
 * value came from); unknown keys are kept for apps.
 */
export function loadConfig(
  sitesDir: string,
  site: string,
  env: NodeJS.ProcessEnv = process.env,
): SiteConfig {
  const sources = new Map<string, string>();
  const merged: Record<string, unknown> = {};
  const layer = (
    values: Record<string, unknown> | Map<string, unknown>,
    source: (key: string) => string,
  ) => {
    for (const [key, value] of values instanceof Map ? values : Object.entries(values)) {
      merged[key] = value;
      sources.set(key, source(key));
    }
  };
  layer(loadCommonConfig(sitesDir), () => 'common_site_config.json');
  const own = readJsonFile(join(sitesDir, site, 'site_config.json'), 'site_config.json');
  if (own === null)
    throw new ConfigError(
      `Site '${site}' does not exist (no ${site}/site_config.json in ${sitesDir})`,
    );
  layer(own, () => 'site_config.json');
  layer(envOverrides(env), envVarFor);
  validate(merged, sources);
  return withDefaults(merged, site);
}

function validate(values: Record<string, unknown>, sources: Map<string, string>): void {
  for (const [key, value] of Object.entries(values))
    assertConfigValue(key, value, sources.get(key) ?? key);
}

function withDefaults(values: Record<string, unknown>, site: string): SiteConfig {
  const config: Record<string, unknown> = {};
  for (const definition of CONFIG_KEYS) config[definition.key] = definition.default;
  for (const [key, value] of Object.entries(values)) {
    if (value !== null || !configKey(key)) config[key] = value;
  }
  config.db_name ??= defaultDbName(site);
  config.db_user ??= DEFAULT_DB_USERS[config.db_type as string] ?? null;
  config.developer_mode = Boolean(config.developer_mode);
  return config as unknown as SiteConfig;
}

/** The administrator account each server engine ships with. */
const DEFAULT_DB_USERS: Readonly<Record<string, string>> = {
  postgres: 'postgres',
  mariadb: 'root',
};

/** Database name derived from a site name (`demo.localhost` → `demo_localhost`). */
export function defaultDbName(site: string): string {
  return site.replace(/[^A-Za-z0-9_]/g, '_');
}
