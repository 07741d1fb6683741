import { CortadoError, FrappeError } from './errors.js';
import { send, type RequestOptions } from './transport.js';

/*
 * OAuth 2.0 authorization code flow with PKCE (RFC 6749, RFC 7636) against
 * Frappe's endpoints, for apps that act for a user: build the authorization
 * URL, exchange the code, keep the access token fresh, revoke. Not part of
 * the browser core bundle.
 */

/** Frappe's OAuth endpoints, relative to the site URL. */
export const FRAPPE_OAUTH_ENDPOINTS = {
  authorize: '/api/method/frappe.integrations.oauth2.authorize',
  token: '/api/method/frappe.integrations.oauth2.get_token',
  revoke: '/api/method/frappe.integrations.oauth2.revoke_token',
} as const;

/**
 * Options of {@link OAuthSession}.
 *
 * @example
 * const options: OAuthOptions = { url: 'https://erp.example.com', clientId: 'a1b2c3', redirectUri: 'https://app.example.com/cb' };
 */
export interface OAuthOptions {
  /** The site URL. */
  readonly url: string;
  readonly clientId: string;
  /** Confidential clients only; sent in the body, as Frappe v15 expects. */
  readonly clientSecret?: string;
  readonly redirectUri: string;
  /** Space-separated scopes (default `all openid`). */
  readonly scope?: string;
  /** Other endpoint paths (default Frappe's). */
  readonly endpoints?: Partial<Record<keyof typeof FRAPPE_OAUTH_ENDPOINTS, string>>;
  /** Refresh this many seconds before the access token expires (default 60). */
  readonly refreshSkewSeconds?: number;
  readonly fetch?: typeof fetch;
  /** Current time in ms (tests inject a clock). */
  readonly now?: () => number;
}

/** Tokens as the token endpoint returns them, plus when the access token expires. */
export interface TokenSet {
  readonly access_token: string;
  readonly token_type: string;
  readonly expires_in?: number;
  readonly refresh_token?: string;
  readonly scope?: string;
  readonly id_token?: string;
  /** Epoch ms when the access token expires (undefined when the server gave no lifetime). */
  readonly expiresAt: number | undefined;
}

/** The token endpoint refused: `error` is RFC 6749's code (`invalid_grant`, `invalid_client`, …). */
export class OAuthError extends CortadoError {
  readonly error: string;
  constructor(error: string, description: string | undefined, status: number) {
    super(description ? `${error}: ${description}` : error, status);
    this.name = 'OAuthError';
    this.error = error;
  }
}

/** A PKCE verifier (43 characters of RFC 7636's unreserved set) and its S256 challenge. */
export async function createPkcePair(): Promise<{ verifier: string; challenge: string }> {
  const verifier = base64Url(crypto.getRandomValues(new Uint8Array(32)));
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return { verifier, challenge: base64Url(new Uint8Array(digest)) };
}

/**
 * One user's OAuth session with a site. Use {@link OAuthSession.accessToken}
 * as the client's bearer token and it is refreshed before it expires.
 *
 * @example
 * const oauth = new OAuthSession({ url, clientId, redirectUri });
 * const { url: go, state, verifier } = await oauth.authorizationUrl();
 * // … the user approves; the redirect brings `code` and `state` …
 * await oauth.exchangeCode(code, verifier, { state: returned, expectedState: state });
 * const erp = new CortadoClient({ url, auth: { type: 'bearer', token: () => oauth.accessToken() } });
 */
export class OAuthSession {
  readonly #options: OAuthOptions;
  #tokens: TokenSet | undefined;
  #refreshing: Promise<TokenSet> | undefined;

  constructor(options: OAuthOptions, tokens?: TokenSet) {
    this.#options = options;
    this.#tokens = tokens;
  }

  /** The current tokens (store them to resume the session later). */
  get tokens(): TokenSet | undefined {
    return this.#tokens;
  }

  /** Where to send the user, with a fresh `state` and PKCE verifier to keep until the redirect comes back. */
  async authorizationUrl(extra: { scope?: string; state?: string } = {}): Promise<{
    url: string;
    state: string;
    verifier: string;
  }> {
    const { verifier, challenge } = await createPkcePair();
    const state = extra.state ?? base64Url(crypto.getRandomValues(new Uint8Array(16)));
    const url = new URL(this.#endpoint('authorize'));
    const params = {
      response_type: 'code',
      client_id: this.#options.clientId,
      redirect_uri: this.#options.redirectUri,
      scope: extra.scope ?? this.#options.scope ?? 'all openid',
      state,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    };
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    return { url: url.toString(), state, verifier };
  }

  /** Exchanges the authorization code; with `state` and `expectedState`, refuses a redirect that is not the one started. */
  async exchangeCode(
    code: string,
    verifier: string,
    check: { state?: string | null; expectedState?: string } = {},
    options?: RequestOptions,
  ): Promise<TokenSet> {
    if (check.expectedState !== undefined && check.state !== check.expectedState)
      throw new OAuthError(
        'invalid_state',
        'the redirect does not carry the state this flow started with',
        0,
      );
    return this.#token(
      {
        grant_type: 'authorization_code',
        code,
        redirect_uri: this.#options.redirectUri,
        code_verifier: verifier,
      },
      options,
    );
  }

  /** A valid access token, refreshed first when it expires within the skew. Concurrent callers share one refresh. */
  async accessToken(options?: RequestOptions): Promise<string> {
    const tokens = this.#tokens;
    if (tokens === undefined) throw new OAuthError('no_session', 'exchange a code first', 0);
    const skew = (this.#options.refreshSkewSeconds ?? 60) * 1000;
    const fresh = tokens.expiresAt === undefined || tokens.expiresAt - skew > this.#now();
    return fresh ? tokens.access_token : (await this.refresh(options)).access_token;
  }

  /** Uses the refresh token now (the server may rotate it). */
  refresh(options?: RequestOptions): Promise<TokenSet> {
    const refreshToken = this.#tokens?.refresh_token;
    if (refreshToken === undefined)
      return Promise.reject(new OAuthError('no_refresh_token', undefined, 0));
    this.#refreshing ??= this.#token(
      { grant_type: 'refresh_token', refresh_token: refreshToken },
      options,
    ).finally(() => (this.#refreshing = undefined));
    return this.#refreshing;
  }

  /** Revokes the session (the refresh token when there is one, which ends the access token too) and forgets it. */
  async revoke(options?: RequestOptions): Promise<void> {
    const tokens = this.#tokens;
    if (tokens === undefined) return;
    const form =
      tokens.refresh_token === undefined
        ? { token: tokens.access_token, token_type_hint: 'access_token' }
        : { token: tokens.refresh_token, token_type_hint: 'refresh_token' };
    await this.#post('revoke', form, options);
    this.#tokens = undefined;
  }

  async #token(
    form: Record<string, string>,
    options: RequestOptions | undefined,
  ): Promise<TokenSet> {
    const body = (await this.#post('token', form, options)) as Omit<TokenSet, 'expiresAt'>;
    if (typeof body.access_token !== 'string')
      throw new OAuthError('invalid_response', 'no access_token', 200);
    const expiresAt =
      typeof body.expires_in === 'number' ? this.#now() + body.expires_in * 1000 : undefined;
    // A refresh answer without a refresh token keeps the one we have (RFC 6749 §6).
    const refresh_token = body.refresh_token ?? this.#tokens?.refresh_token;
    this.#tokens = {
      ...body,
      ...(refresh_token === undefined ? {} : { refresh_token }),
      expiresAt,
    };
    return this.#tokens;
  }

  async #post(
    endpoint: keyof typeof FRAPPE_OAUTH_ENDPOINTS,
    form: Record<string, string>,
    options: RequestOptions | undefined,
  ): Promise<Record<string, unknown>> {
    const { clientId, clientSecret } = this.#options;
    const client = {
      client_id: clientId,
      ...(clientSecret === undefined ? {} : { client_secret: clientSecret }),
    };
    try {
      const config = {
        url: this.#options.url,
        ...(this.#options.fetch ? { fetch: this.#options.fetch } : {}),
      };
      const path = this.#options.endpoints?.[endpoint] ?? FRAPPE_OAUTH_ENDPOINTS[endpoint];
      return (await send(config, { method: 'POST', path, form: { ...form, ...client } }, options))
        .body;
    } catch (error) {
      const body =
        error instanceof FrappeError ? (error.body as Record<string, unknown>) : undefined;
      if (typeof body?.['error'] === 'string') {
        const description =
          typeof body['error_description'] === 'string' ? body['error_description'] : undefined;
        throw new OAuthError(body['error'], description, (error as FrappeError).status);
      }
      throw error;
    }
  }

  #endpoint(name: keyof typeof FRAPPE_OAUTH_ENDPOINTS): string {
    return (
      this.#options.url.replace(/\/+$/, '') +
      (this.#options.endpoints?.[name] ?? FRAPPE_OAUTH_ENDPOINTS[name])
    );
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }
}

function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
