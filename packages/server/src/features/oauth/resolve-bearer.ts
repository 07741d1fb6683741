import type { Site } from '../../engine/site.js';
import { splitWords } from './oauth-client.js';
import { hashToken } from './opaque-tokens.js';
import { epochOf } from './wall-clock.js';

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
 * which the auth step answers with 401. One query, so a Bearer request costs
 * about what an API-key request does.
 */
export async function resolveBearer(
  token: string,
  site: Site,
  now = Math.floor(Date.now() / 1000),
): Promise<BearerOwner | null> {
  if (token === '' || token.length > 200) return null;
  const row = await site.db.kysely
    .selectFrom('tabOAuth Bearer Token as token')
    .innerJoin('tabOAuth Client as client', 'client.name', 'token.client')
    .innerJoin('tabUser as user', 'user.name', 'token.user')
    .select([
      'token.status as status',
      'token.expiration_time as expiration_time',
      'token.scopes as token_scopes',
      'client.scopes as client_scopes',
      'user.name as user',
      'user.enabled as enabled',
      'user.user_type as user_type',
    ])
    .where('token.name', '=', hashToken(token))
    .executeTakeFirst();
  if (row === undefined || row.status !== 'Active' || epochOf(row.expiration_time) <= now)
    return null;
  const scopes = splitWords(row.token_scopes);
  const granted = splitWords(row.client_scopes);
  if (!scopes.every((scope) => granted.includes(scope))) return null;
  if (row.user !== 'Administrator' && Number(row.enabled) !== 1) return null;
  return { user: String(row.user), systemUser: row.user_type === 'System User', scopes };
}
