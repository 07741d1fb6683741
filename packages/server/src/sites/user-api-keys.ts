import type { Site } from '../engine/site.js';
import { generateApiKeys } from '../features/auth/api-keys.js';
import { ensureAuthTable } from '../platform/db/auth-table.js';

/**
 * Frappe's `generate_keys` for a command-line caller (the demo site's
 * `start`): a new API secret for `user`, keeping its API key. The secret is
 * stored hashed, so this is the only time it can be shown.
 *
 * @example
 * const { api_key, api_secret } = await generateUserApiKeys(site, 'Administrator');
 */
export async function generateUserApiKeys(
  site: Site,
  user: string,
): Promise<{ api_key: string; api_secret: string }> {
  await ensureAuthTable(site.db);
  return site.db.transaction((uow) => generateApiKeys(uow, user));
}
