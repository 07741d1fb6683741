import { join } from 'node:path';
import { assertConfigValue } from '../core/config/check-config-value.js';
import { updateSiteConfig } from '../core/config/update-site-config.js';
import { assertSiteName } from './sites-dir.js';

/**
 * Frappe's `bench set-config`: writes one key to a site's `site_config.json`,
 * or to `common_site_config.json` when `site` is null. Known keys are
 * type-checked before anything is written.
 */
export function setConfigValue(
  sitesDir: string,
  site: string | null,
  key: string,
  value: unknown,
): void {
  const file = site === null ? 'common_site_config.json' : 'site_config.json';
  assertConfigValue(key, value, file);
  if (site === null) updateSiteConfig(sitesDir, { [key]: value }, file);
  else updateSiteConfig(join(sitesDir, assertSiteName(site)), { [key]: value });
}
