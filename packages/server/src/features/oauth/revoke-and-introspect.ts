import type { Context } from '../../engine/context.js';
import { param } from './authorize-request.js';
import { findToken, revokeFamily, revokeToken, type StoredToken } from './bearer-tokens.js';
import { identifyClient, type IdentifiedClient } from './client-auth.js';
import { OAuthError } from './oauth-error.js';
import { userClaims } from './user-claims.js';

export interface TokenCallRequest {
  readonly args: Readonly<Record<string, unknown>>;
  readonly authorization: string | undefined;
  readonly issuer: string;
  readonly now: number;
}

/** The row a token names, trying the hinted kind first (RFC 7009 §2.1). */
async function lookup(
  ctx: Context,
  token: string,
  hint: string,
): Promise<{ row: StoredToken; kind: string } | null> {
  const order =
    hint === 'refresh_token'
      ? (['refresh_token', 'access_token'] as const)
      : (['access_token', 'refresh_token'] as const);
  for (const kind of order) {
    const row = await findToken(ctx.uow.db, token, kind);
    if (row !== null) return { row, kind };
  }
  return null;
}

function clientCredentials(request: TokenCallRequest) {
  return {
    authorization: request.authorization,
    clientId: param(request.args, 'client_id'),
    clientSecret: param(request.args, 'client_secret'),
  };
}

/**
 * `revoke_token` (docs/spec/oauth2.md §10): `{}` always; 400 without `token`, 401
 * when client authentication fails. A client may revoke only its own
 * tokens; unknown tokens are ignored. A refresh token takes its family along.
 */
export async function revokeTokenRequest(ctx: Context, request: TokenCallRequest): Promise<void> {
  const token = param(request.args, 'token');
  if (token === '') throw new OAuthError('invalid_request', 'Missing token parameter.');
  const found = await lookup(ctx, token, param(request.args, 'token_type_hint'));
  let identified: IdentifiedClient;
  try {
    identified = await identifyClient(ctx.uow.db, clientCredentials(request), found?.row.clientId);
  } catch {
    throw new OAuthError('invalid_client', '', 401);
  }
  if (found === null || found.row.clientId !== identified.client.clientId) return;
  if (found.kind === 'refresh_token') await revokeFamily(ctx.uow, found.row.family);
  else await revokeToken(ctx.uow, found.row.hash);
}

/**
 * `introspect_token` (docs/spec/oauth2.md §11): Frappe needs no client authentication,
 * so anyone holding a token learns whether it is active. `active` also
 * honours expiry, and the user's claims go only to the token's own client
 * when it authenticated (B-O7).
 */
export async function introspectTokenRequest(
  ctx: Context,
  request: TokenCallRequest,
): Promise<Record<string, unknown>> {
  const token = param(request.args, 'token');
  const found =
    token === '' ? null : await lookup(ctx, token, param(request.args, 'token_type_hint'));
  if (found === null) return { active: false };
  const { row } = found;
  const client = await ctx.uow.db
    .selectFrom('tabOAuth Client')
    .select('skip_authorization')
    .where('name', '=', row.clientId)
    .executeTakeFirst();
  const active =
    row.active &&
    (found.kind === 'access_token'
      ? row.expiresAt > request.now
      : row.refreshExpiresAt > request.now);
  const body: Record<string, unknown> = {
    client_id: row.clientId,
    trusted_client: Number(client?.skip_authorization ?? 0),
    active,
    exp: found.kind === 'access_token' ? row.expiresAt : row.refreshExpiresAt,
    scope: row.scopes.join(' '),
  };
  if (active && row.scopes.includes('openid') && (await isOwnClient(ctx, request, row))) {
    const encryptionKey = ctx.site.config.encryption_key;
    Object.assign(body, await userClaims(ctx.uow, encryptionKey, row.user, request.issuer));
  }
  return body;
}

async function isOwnClient(
  ctx: Context,
  request: TokenCallRequest,
  row: StoredToken,
): Promise<boolean> {
  const credentials = clientCredentials(request);
  if (credentials.clientSecret === '' && request.authorization === undefined) return false;
  try {
    const { client, authenticated } = await identifyClient(ctx.uow.db, credentials);
    return authenticated && client.clientId === row.clientId;
  } catch {
    return false;
  }
}
