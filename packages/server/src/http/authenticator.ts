import { AuthenticationError } from '../core/errors/index.js';
import type { Site } from '../engine/site.js';

/** How the request proved who it is (docs/spec/auth.md §1–§2). */
export type AuthVia = 'session' | 'token' | 'bearer' | 'guest';

/** The user a request runs as. */
export interface AuthResult {
  readonly user: string;
  readonly via: AuthVia;
  /** CSRF token held by a cookie session, when it has one (docs/spec/auth.md §9). */
  readonly sessionCsrfToken?: string;
  /** A System User (desk access): may see tracebacks in developer mode (docs/spec/api-rest-rpc.md §8.4). */
  readonly systemUser?: boolean;
  /** The cookie session the response re-sends (docs/spec/auth.md §4.4). */
  readonly session?: {
    readonly sid: string;
    readonly expirySeconds: number;
    readonly fullName: string;
    readonly userImage: string;
  };
  /** The request named a session that is gone: cookies are cleared, JSON gets `session_expired: 1` (§6.4). */
  readonly sessionExpired?: boolean;
  /** The request ended its session (logout): cookies are cleared. */
  readonly sessionEnded?: boolean;
  /** OAuth scopes of a bearer token. */
  readonly scopes?: readonly string[];
}

/**
 * What an authenticator sees of a request: plain values, so providers in
 * `features/auth` need no Fastify types.
 */
export interface AuthRequest {
  readonly method: string;
  /** Path and query, as received. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly cookies: Readonly<Record<string, string | undefined>>;
  /** Merged request arguments; `sid` may be among them (docs/spec/auth.md §6.1). */
  readonly args: Readonly<Record<string, unknown>>;
  readonly ip: string;
}

/**
 * The extension point for authentication. The default resolves everyone to
 * Guest; the auth feature supplies sessions, API keys and OAuth bearer tokens.
 * Throw a FrappeError (e.g. AuthenticationError) to reject the request.
 */
export type Authenticator = (request: AuthRequest, site: Site) => Promise<AuthResult> | AuthResult;

/** The Guest result every unauthenticated request gets. */
export const GUEST: AuthResult = { user: 'Guest', via: 'guest' };

/**
 * Guest for everyone. A two-part `Authorization` header (`Bearer x`,
 * `token k:s`, …) that no provider accepted is Frappe's final 401 (docs/spec/auth.md §2.2).
 */
export const guestAuthenticator: Authenticator = (request) => {
  const header = request.headers.authorization;
  if (typeof header === 'string' && header.split(' ').length === 2) {
    throw new AuthenticationError('Not permitted', { title: 'Not Permitted' });
  }
  return GUEST;
};
