import type { Kysely } from 'kysely';
import { OAuthError, invalidRequest } from './oauth-error.js';
import { loadClient, splitWords, type OAuthClient } from './oauth-client.js';

/** The parameters of authorize/approve that the provider reads (others are carried through). */
export const AUTHORIZE_PARAMS = [
  'client_id',
  'response_type',
  'redirect_uri',
  'scope',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
  'prompt',
] as const;

/** Response types Frappe's validator knows besides the client's own (docs/spec/oauth2.md §3). */
const OIDC_RESPONSE_TYPES = new Set([
  'id_token',
  'id_token token',
  'code id_token',
  'code token id_token',
]);
/** Longest value accepted for any one parameter; longer is an invalid request, not a 500. */
export const MAX_PARAM_LENGTH = 2048;

/** A validated authorization request. */
export interface AuthorizeRequest {
  readonly client: OAuthClient;
  readonly responseType: 'code' | 'token';
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  readonly state: string;
  readonly nonce: string;
  readonly codeChallenge: string;
  /** `s256`, `plain` or ''. */
  readonly codeChallengeMethod: string;
}

/** A string parameter, '' when absent; arrays and over-long values are refused. */
export function param(args: Readonly<Record<string, unknown>>, name: string): string {
  const value = args[name];
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string' && typeof value !== 'number')
    throw invalidRequest(`Invalid ${name} parameter.`);
  const text = String(value);
  if (text.length > MAX_PARAM_LENGTH) throw invalidRequest(`Parameter ${name} is too long.`);
  return text;
}

/**
 * Frappe's (oauthlib's) checks, in its order, for a logged-in user at
 * authorize and again at approve. Every failure is an OAuthError that the
 * route answers as JSON, never as a redirect (docs/spec/oauth2.md §3.2).
 */
export async function validateAuthorizeRequest(
  db: Kysely<any>,
  args: Readonly<Record<string, unknown>>,
  roles: ReadonlySet<string>,
): Promise<AuthorizeRequest> {
  const clientId = param(args, 'client_id');
  if (clientId === '') throw invalidRequest('Missing client_id parameter.');
  const client = await loadClient(db, clientId);
  if (client === null) throw invalidRequest('Invalid client_id parameter value.');
  const redirectUri = checkRedirectUri(client, param(args, 'redirect_uri'));
  const responseType = param(args, 'response_type');
  if (responseType === '') throw invalidRequest('Missing response_type parameter.');
  if (responseType !== client.responseType) {
    throw new OAuthError(
      OIDC_RESPONSE_TYPES.has(responseType) || responseType === 'code' || responseType === 'token'
        ? 'unauthorized_client'
        : 'unsupported_response_type',
    );
  }
  const requested = splitWords(param(args, 'scope'));
  const scopes = requested.length === 0 ? client.scopes : requested;
  if (!scopes.every((scope) => client.scopes.includes(scope)))
    throw new OAuthError('invalid_scope');
  const pkce = checkPkce(
    client,
    param(args, 'code_challenge'),
    param(args, 'code_challenge_method'),
  );
  checkRoles(client, roles);
  return {
    client,
    responseType: responseType as 'code' | 'token',
    redirectUri,
    scopes: [...new Set(scopes)],
    state: param(args, 'state'),
    nonce: param(args, 'nonce'),
    ...pkce,
  };
}

/** Exact string match against a registered URI (docs/spec/oauth2.md §14); the default when omitted. */
function checkRedirectUri(client: OAuthClient, given: string): string {
  if (given === '') {
    if (client.defaultRedirectUri === '') throw invalidRequest('Missing redirect URI.');
    return client.defaultRedirectUri;
  }
  if (!URL.canParse(given)) throw invalidRequest('Invalid redirect URI.');
  const registered =
    client.redirectUris.length > 0 ? client.redirectUris : [client.defaultRedirectUri];
  if (!registered.includes(given)) throw invalidRequest('Mismatching redirect URI.');
  return given;
}

/**
 * `plain` when a challenge comes without a method (oauthlib's default);
 * public clients must send an S256 challenge (docs/spec/DECISIONS.md, OAuth token endpoint).
 */
function checkPkce(
  client: OAuthClient,
  challenge: string,
  method: string,
): { codeChallenge: string; codeChallengeMethod: string } {
  if (method !== '' && method !== 'plain' && method !== 'S256')
    throw invalidRequest('Transform algorithm not supported.');
  if (challenge === '') {
    if (client.isPublic) throw invalidRequest('Code challenge required.');
    return { codeChallenge: '', codeChallengeMethod: '' };
  }
  if (client.isPublic && method !== 'S256')
    throw invalidRequest('Public clients must use code_challenge_method S256.');
  return { codeChallenge: challenge, codeChallengeMethod: (method || 'plain').toLowerCase() };
}

/** `allowed_roles` (v15+): none set means Frappe's default, `Desk User`. */
function checkRoles(client: OAuthClient, roles: ReadonlySet<string>): void {
  const allowed = client.allowedRoles.length > 0 ? client.allowedRoles : ['Desk User'];
  if (roles.has('Administrator') || allowed.some((role) => roles.has(role))) return;
  throw new OAuthError('access_denied', 'You are not allowed to authorize this client.', 403);
}
