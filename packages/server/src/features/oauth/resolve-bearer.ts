import type { Site } from '../../engine/site.js';
import { cachedCredential, reloadCredential } from '../auth/credential-cache.js';
import { splitWords } from './oauth-client.js';
import { hashToken } from './opaque-tokens.js';
import { epochOf } from './wall-clock.js';

/** Who a bearer token acts for, and what it may do. */
export interface BearerOwner {
  readonly user: string;
  readonly systemUser: boolean;
  readonly scopes: readonly string[];
}

/** The token's row as the check below reads it. */
interface TokenRow {
  readonly status: unknown;
  readonly expiration_time: unknown;
  readonly token_scopes: unknown;
  readonly client_scopes: unknown;
  readonly user: unknown;
  readonly enabled: unknown;
  readonly user_type: unknown;
}

/**
 * The resource-server check of docs/spec/oauth2.md §12: the token's row (found by its
 * hash) is Active and unexpired, its scopes are still all granted to its
 * client, and its user exists and is enabled (B-13). Anything else is null,
 * which the auth step answers with 401. The row comes from the credential
 * cache that API keys use, so a Bearer request costs what an API-key request
 * does; revocation drops the cache after commit, and a refusal is only ever
 * based on a fresh read. Expiry is checked against the clock on every request.
 */
export async function resolveBearer(
  token: string,
  site: Site,
  now = Math.floor(Date.now() / 1000),
): Promise<BearerOwner | null> {
  if (token === '' || token.length > 200) return null;
  const key = `bearer:${hashToken(token)}`;
  const load = () => loadTokenRow(site, key.slice('bearer:'.length));
  const owner = ownerOf(await cachedCredential(site, key, load), now);
  if (owner !== null) return owner;
  return ownerOf(await reloadCredential(site, key, load), now);
}

function loadTokenRow(site: Site, hash: string): Promise<TokenRow | undefined> {
  return site.db.kysely
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
    .where('token.name', '=', hash)
    .executeTakeFirst();
}

function ownerOf(row: TokenRow | undefined, now: number): BearerOwner | null {
  if (row === undefined || row.status !== 'Active' || epochOf(row.expiration_time) <= now)
    return null;
  const scopes = splitWords(row.token_scopes);
  const granted = splitWords(row.client_scopes);
  if (!scopes.every((scope) => granted.includes(scope))) return null;
  if (row.user !== 'Administrator' && Number(row.enabled) !== 1) return null;
  return { user: String(row.user), systemUser: row.user_type === 'System User', scopes };
}
