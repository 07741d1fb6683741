import { createHash, randomUUID } from 'node:crypto';
import type { Context } from '../../engine/context.js';
import { findCode, invalidateCode, type StoredCode } from './authorization-codes.js';
import { param } from './authorize-request.js';
import {
  ACCESS_TOKEN_SECONDS,
  REFRESH_TOKEN_SECONDS,
  findToken,
  issueTokens,
  revokeFamily,
  revokeToken,
  type TokenGrant,
} from './bearer-tokens.js';
import { identifyClient, type IdentifiedClient } from './client-auth.js';
import { signIdToken } from './id-token.js';
import { OAuthError, invalidGrant, invalidRequest } from './oauth-error.js';
import { splitWords } from './oauth-client.js';
import { sameSecret } from './opaque-tokens.js';
import { userClaims } from './user-claims.js';

/** What the token endpoint needs from the HTTP layer besides the arguments. */
export interface TokenRequest {
  readonly args: Readonly<Record<string, unknown>>;
  readonly authorization: string | undefined;
  readonly issuer: string;
  readonly now: number;
  /**
   * The password grant's login check (lockout included), made by the caller
   * before this transaction: the user, or null when it failed.
   */
  readonly passwordUser?: string | null;
}

export type TokenBody = Record<string, string | number>;

const GRANTS = new Set(['authorization_code', 'refresh_token', 'password', 'client_credentials']);

/**
 * `get_token` (docs/spec/oauth2.md §5): dispatches on `grant_type`. Throws OAuthError
 * for every refusal; the caller commits what a refusal wrote (a burnt code,
 * a revoked family) and answers the RFC body.
 */
export async function exchangeToken(ctx: Context, request: TokenRequest): Promise<TokenBody> {
  const grantType = param(request.args, 'grant_type');
  if (!GRANTS.has(grantType)) throw new OAuthError('unsupported_grant_type');
  switch (grantType) {
    case 'authorization_code':
      return authorizationCodeGrant(ctx, request);
    case 'refresh_token':
      return refreshTokenGrant(ctx, request);
    case 'password':
      return passwordGrant(ctx, request);
    default:
      await identify(ctx, request);
      throw new OAuthError('unauthorized_client');
  }
}

function identify(ctx: Context, request: TokenRequest, fallback = ''): Promise<IdentifiedClient> {
  return identifyClient(
    ctx.uow.db,
    {
      authorization: request.authorization,
      clientId: param(request.args, 'client_id'),
      clientSecret: param(request.args, 'client_secret'),
    },
    fallback,
  );
}

async function authorizationCodeGrant(ctx: Context, request: TokenRequest): Promise<TokenBody> {
  const { client, authenticated } = await identify(ctx, request);
  if (client.responseType !== 'code') throw new OAuthError('unauthorized_client');
  const codeValue = param(request.args, 'code');
  if (codeValue === '') throw invalidRequest('Missing code parameter.');
  const code = await findCode(ctx, codeValue);
  if (code === null || code.clientId !== client.clientId) throw invalidGrant();
  if (!code.valid) {
    // A replayed code: the tokens it gave may be in the wrong hands (B-O4).
    await revokeFamily(ctx.uow, code.hash);
    throw invalidGrant();
  }
  // Burnt before any other check: a failed attempt also uses the code up (B-O4).
  if (!(await invalidateCode(ctx, code.hash))) throw invalidGrant();
  if (code.expiresAt <= request.now) throw invalidGrant('Code expired.');
  checkVerifier(code, param(request.args, 'code_verifier'), authenticated);
  const redirectUri = param(request.args, 'redirect_uri') || client.defaultRedirectUri;
  if (redirectUri !== code.redirectUri) throw invalidRequest('Mismatching redirect URI.');
  await assertUserActive(ctx, code.user);
  const grant: TokenGrant = {
    clientId: client.clientId,
    user: code.user,
    scopes: code.scopes,
    family: code.hash,
    authTime: code.authTime,
    refreshExpiresAt: request.now + REFRESH_TOKEN_SECONDS,
    withRefresh: true,
  };
  return respond(ctx, request, grant, code.nonce, true);
}

/** PKCE (RFC 7636, docs/spec/oauth2.md §5.5): required whenever the client proved no secret. */
function checkVerifier(code: StoredCode, verifier: string, authenticated: boolean): void {
  if (code.codeChallenge === '') {
    if (!authenticated) throw invalidGrant('PKCE is required for this client.');
    return;
  }
  if (verifier === '') throw invalidGrant();
  const computed =
    code.codeChallengeMethod === 's256'
      ? createHash('sha256').update(verifier, 'ascii').digest('base64url')
      : verifier;
  if (!sameSecret(computed, code.codeChallenge)) throw invalidGrant();
}

async function refreshTokenGrant(ctx: Context, request: TokenRequest): Promise<TokenBody> {
  const presented = param(request.args, 'refresh_token');
  if (presented === '') throw invalidRequest('Missing refresh token parameter.');
  const row = await findToken(ctx.uow.db, presented, 'refresh_token');
  const { client } = await identify(ctx, request, row?.clientId ?? '');
  if (row === null || row.clientId !== client.clientId) throw invalidGrant();
  // A rotated refresh token came back: assume theft and end the whole family (B-O3).
  if (!row.active || !(await revokeToken(ctx.uow, row.hash))) {
    await revokeFamily(ctx.uow, row.family);
    throw invalidGrant();
  }
  if (row.refreshExpiresAt <= request.now) throw invalidGrant('Refresh token expired.');
  const requested = splitWords(param(request.args, 'scope'));
  if (!requested.every((scope) => row.scopes.includes(scope)))
    throw new OAuthError('invalid_scope');
  await assertUserActive(ctx, row.user);
  const grant: TokenGrant = {
    clientId: client.clientId,
    user: row.user,
    scopes: requested.length > 0 ? [...new Set(requested)] : row.scopes,
    family: row.family,
    authTime: row.authTime,
    refreshExpiresAt: row.refreshExpiresAt,
    withRefresh: true,
  };
  return respond(ctx, request, grant, '', true);
}

async function passwordGrant(ctx: Context, request: TokenRequest): Promise<TokenBody> {
  const { client } = await identify(ctx, request);
  const requested = splitWords(param(request.args, 'scope'));
  const scopes = requested.length > 0 ? [...new Set(requested)] : client.scopes;
  if (!scopes.every((scope) => client.scopes.includes(scope)))
    throw new OAuthError('invalid_scope');
  const user = request.passwordUser;
  // B-O8: the RFC error, not Frappe's 401 login body.
  if (typeof user !== 'string') throw invalidGrant('Invalid login credentials');
  const grant: TokenGrant = {
    clientId: client.clientId,
    user,
    scopes,
    family: randomUUID(),
    authTime: request.now,
    refreshExpiresAt: request.now + REFRESH_TOKEN_SECONDS,
    withRefresh: true,
  };
  return respond(ctx, request, grant, '', false);
}

async function assertUserActive(ctx: Context, user: string): Promise<void> {
  const row = await ctx.uow.db
    .selectFrom('tabUser')
    .select(['name', 'enabled'])
    .where('name', '=', user)
    .executeTakeFirst();
  if (row === undefined || (row.name !== 'Administrator' && Number(row.enabled) !== 1))
    throw invalidGrant();
}

async function respond(
  ctx: Context,
  request: TokenRequest,
  grant: TokenGrant,
  nonce: string,
  mayHaveIdToken: boolean,
): Promise<TokenBody> {
  const tokens = await issueTokens(ctx, grant, request.now);
  const body: TokenBody = {
    access_token: tokens.accessToken,
    expires_in: ACCESS_TOKEN_SECONDS,
    token_type: 'Bearer',
    scope: grant.scopes.join(' '),
  };
  if (tokens.refreshToken !== null) body.refresh_token = tokens.refreshToken;
  if (mayHaveIdToken && grant.scopes.includes('openid')) {
    const encryptionKey = ctx.site.config.encryption_key;
    body.id_token = await signIdToken(ctx.uow, encryptionKey, {
      issuer: request.issuer,
      clientId: grant.clientId,
      accessToken: tokens.accessToken,
      claims: await userClaims(ctx.uow, encryptionKey, grant.user, request.issuer),
      nonce: nonce || null,
      authTime: grant.authTime,
      now: request.now,
      lifetimeSeconds: ACCESS_TOKEN_SECONDS,
    });
  }
  return body;
}
