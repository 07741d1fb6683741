import type { Context } from '../../engine/context.js';
import { issueCode } from './authorization-codes.js';
import type { AuthorizeRequest } from './authorize-request.js';
import { ACCESS_TOKEN_SECONDS, issueTokens } from './bearer-tokens.js';
import { randomUUID } from 'node:crypto';
import type { OAuthSettings } from './oauth-settings.js';

const TOKENS = 'tabOAuth Bearer Token';

/**
 * Whether the consent page can be skipped: a trusted client, or (setting
 * on) this user already holds an Active token of this very client covering
 * these scopes (B-O12; Frappe's `Auto` accepted any token of any client).
 */
export async function consentGiven(
  ctx: Context,
  request: AuthorizeRequest,
  settings: OAuthSettings,
): Promise<boolean> {
  if (request.client.skipAuthorization) return true;
  if (!settings.skipAuthorization) return false;
  const rows = await ctx.uow.db
    .selectFrom(TOKENS)
    .select('scopes')
    .where('user', '=', ctx.user)
    .where('client', '=', request.client.clientId)
    .where('status', '=', 'Active')
    .execute();
  return rows.some((row) => {
    const held = String(row.scopes ?? '').split(' ');
    return request.scopes.every((scope) => held.includes(scope));
  });
}

/**
 * The approve step (docs/spec/oauth2.md §4): a code bound to the session user and
 * redirect URI (never a cookie value, B-O2), or for implicit clients an
 * access token in the fragment. Returns the redirect location.
 */
export async function approve(
  ctx: Context,
  request: AuthorizeRequest,
  authTime: number,
  now: number,
): Promise<string> {
  const target = new URL(request.redirectUri);
  if (request.responseType === 'code') {
    const code = await issueCode(
      ctx,
      {
        clientId: request.client.clientId,
        user: ctx.user,
        scopes: request.scopes,
        redirectUri: request.redirectUri,
        nonce: request.nonce,
        codeChallenge: request.codeChallenge,
        codeChallengeMethod: request.codeChallengeMethod,
        authTime,
      },
      now,
    );
    target.searchParams.append('code', code);
    if (request.state !== '') target.searchParams.append('state', request.state);
    return target.toString();
  }
  const { accessToken } = await issueTokens(
    ctx,
    {
      clientId: request.client.clientId,
      user: ctx.user,
      scopes: request.scopes,
      family: randomUUID(),
      authTime,
      refreshExpiresAt: now,
      withRefresh: false,
    },
    now,
  );
  const fragment = new URLSearchParams({
    access_token: accessToken,
    expires_in: String(ACCESS_TOKEN_SECONDS),
    token_type: 'Bearer',
    scope: request.scopes.join(' '),
  });
  if (request.state !== '') fragment.append('state', request.state);
  target.hash = fragment.toString();
  return target.toString();
}

/** Deny: back to the client with `access_denied` and its `state` (B-O6). */
export function denyLocation(request: AuthorizeRequest): string {
  const target = new URL(request.redirectUri);
  target.searchParams.append('error', 'access_denied');
  if (request.state !== '') target.searchParams.append('state', request.state);
  return target.toString();
}
