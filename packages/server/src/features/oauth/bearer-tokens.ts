import type { Kysely } from 'kysely';
import type { Context } from '../../engine/context.js';
import { insertDoc } from '../../engine/document.js';
import type { UnitOfWork } from '../../platform/db/database.js';
import { forgetCredentials } from '../auth/credential-cache.js';
import { hashToken, newOpaqueToken } from './opaque-tokens.js';
import { datetimeOf, epochOf } from './wall-clock.js';

const TABLE = 'tabOAuth Bearer Token';
export const TOKEN_DOCTYPE = 'OAuth Bearer Token';
/** Frappe's fixed access-token lifetime (docs/spec/oauth2.md §8). */
export const ACCESS_TOKEN_SECONDS = 3600;
/** Absolute lifetime of a refresh-token family (B-O3). */
export const REFRESH_TOKEN_SECONDS = 30 * 86_400;

export interface TokenGrant {
  readonly clientId: string;
  readonly user: string;
  readonly scopes: readonly string[];
  /** Tokens descended from one code or password grant share a family; reuse revokes it. */
  readonly family: string;
  readonly authTime: number;
  /** End of the family's refresh lifetime (kept on rotation). */
  readonly refreshExpiresAt: number;
  readonly withRefresh: boolean;
}

export interface IssuedTokens {
  readonly accessToken: string;
  readonly refreshToken: string | null;
}

export interface StoredToken {
  readonly hash: string;
  readonly clientId: string;
  readonly user: string;
  readonly scopes: readonly string[];
  readonly active: boolean;
  readonly expiresAt: number;
  readonly refreshExpiresAt: number;
  readonly family: string;
  readonly authTime: number;
}

/** Stores a new access (and refresh) token; the row keeps only their hashes. */
export async function issueTokens(
  ctx: Context,
  grant: TokenGrant,
  now: number,
): Promise<IssuedTokens> {
  const accessToken = newOpaqueToken();
  const refreshToken = grant.withRefresh ? newOpaqueToken() : null;
  await insertDoc(
    { ...ctx, flags: { ...ctx.flags, ignorePermissions: true } },
    {
      doctype: TOKEN_DOCTYPE,
      access_token: hashToken(accessToken),
      refresh_token: refreshToken === null ? '' : hashToken(refreshToken),
      client: grant.clientId,
      user: grant.user,
      scopes: grant.scopes.join(' '),
      expires_in: ACCESS_TOKEN_SECONDS,
      expiration_time: datetimeOf(now + ACCESS_TOKEN_SECONDS),
      refresh_expiration_time: datetimeOf(grant.refreshExpiresAt),
      status: 'Active',
      token_family: grant.family,
      auth_time: grant.authTime,
    },
  );
  return { accessToken, refreshToken };
}

/** The token row an access token (or, with `kind` refresh, a refresh token) names. */
export async function findToken(
  db: Kysely<any>,
  token: string,
  kind: 'access_token' | 'refresh_token' = 'access_token',
): Promise<StoredToken | null> {
  if (token === '' || token.length > 200) return null;
  const hash = hashToken(token);
  const column = kind === 'access_token' ? 'name' : 'refresh_token';
  const row = await db.selectFrom(TABLE).selectAll().where(column, '=', hash).executeTakeFirst();
  if (row === undefined) return null;
  return {
    hash: String(row.name),
    clientId: String(row.client ?? ''),
    user: String(row.user ?? ''),
    scopes: String(row.scopes ?? '')
      .split(' ')
      .filter(Boolean),
    active: row.status === 'Active',
    expiresAt: epochOf(row.expiration_time),
    refreshExpiresAt: epochOf(row.refresh_expiration_time),
    family: String(row.token_family ?? ''),
    authTime: Number(row.auth_time ?? 0),
  };
}

/*
 * Every revocation drops the process's credential cache once it commits, so
 * the very next Bearer request with a revoked token is refused here; other
 * processes refuse it within the cache window (docs/oauth.md).
 */

/** Revokes one row; false when it was no longer Active (a concurrent refresh won). */
export async function revokeToken(uow: UnitOfWork, hash: string): Promise<boolean> {
  uow.afterCommit(forgetCredentials);
  const result = await uow.db
    .updateTable(TABLE)
    .set({ status: 'Revoked' })
    .where('name', '=', hash)
    .where('status', '=', 'Active')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Revokes every token of a family (a refresh token or code was replayed: B-O3, B-O4). */
export async function revokeFamily(uow: UnitOfWork, family: string): Promise<void> {
  if (family === '') return;
  uow.afterCommit(forgetCredentials);
  await uow.db
    .updateTable(TABLE)
    .set({ status: 'Revoked' })
    .where('token_family', '=', family)
    .execute();
}

/** Revokes every Active token of a user and/or client; returns how many. */
export async function revokeAll(
  uow: UnitOfWork,
  filter: { user?: string; client?: string },
): Promise<number> {
  uow.afterCommit(forgetCredentials);
  let query = uow.db.updateTable(TABLE).set({ status: 'Revoked' }).where('status', '=', 'Active');
  if (filter.user !== undefined) query = query.where('user', '=', filter.user);
  if (filter.client !== undefined) query = query.where('client', '=', filter.client);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
