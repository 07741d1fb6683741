import type { Site } from '../../engine/site.js';
import { findToken } from './bearer-tokens.js';
import { splitWords } from './oauth-client.js';

/** Who a bearer token acts for, and what it may do. */
export interface BearerOwner {
  readonly user: string;
  readonly systemUser: boolean;
  readonly scopes: readonly string[];
}

/**
 * The resource-server check of oauth2.md §12: the token's row (found by its
 * hash) is Active and unexpired, its scopes are still all granted to its
 * client, and its user exists and is enabled (B-13). Anything else is null,
 * which the auth step answers with 401.
 */
export async function resolveBearer(
  token: string,
  site: Site,
  now = Math.floor(Date.now() / 1000),
): Promise<BearerOwner | null> {
  const db = site.db.kysely;
  const row = await findToken(db, token);
  if (row === null || !row.active || row.expiresAt <= now) return null;
  const client = await db
    .selectFrom('tabOAuth Client')
    .select('scopes')
    .where('name', '=', row.clientId)
    .executeTakeFirst();
  const granted = splitWords(client?.scopes);
  if (!row.scopes.every((scope) => granted.includes(scope))) return null;
  const user = await db
    .selectFrom('tabUser')
    .select(['name', 'enabled', 'user_type'])
    .where('name', '=', row.user)
    .executeTakeFirst();
  if (user === undefined) return null;
  if (user.name !== 'Administrator' && Number(user.enabled) !== 1) return null;
  return {
    user: String(user.name),
    systemUser: user.user_type === 'System User',
    scopes: row.scopes,
  };
}
