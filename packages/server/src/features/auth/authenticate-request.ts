import { AuthenticationError } from '../../core/errors/index.js';
import type { Site } from '../../engine/site.js';
import { verifyApiCredentials } from './api-keys.js';
import { parseAuthorization } from './parse-authorization.js';
import { resumeSession } from './sessions/resume-session.js';
import type { SessionData } from './sessions/session-store.js';
import type { SiteAuth } from './site-auth.js';

/** What authentication reads of a request (no HTTP framework types). */
export interface CredentialRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly cookies: Readonly<Record<string, string | undefined>>;
  readonly args: Readonly<Record<string, unknown>>;
}

/** The cookie session a request runs in, for the response's cookies. */
export interface SessionCookieInfo {
  readonly sid: string;
  readonly expirySeconds: number;
  readonly fullName: string;
  readonly userImage: string;
}

/** Who the request is, and how it proved it. */
export interface Authentication {
  readonly user: string;
  readonly via: 'session' | 'token' | 'bearer' | 'guest';
  readonly systemUser?: boolean;
  readonly sessionCsrfToken?: string;
  readonly session?: SessionCookieInfo;
  /** A `sid` was sent but its session is gone: Frappe adds `session_expired: 1` and clears the cookies. */
  readonly sessionExpired?: boolean;
  /** OAuth scopes of a bearer token (the OAuth feature limits what they allow). */
  readonly scopes?: readonly string[];
}

/**
 * The OAuth extension point: the user a bearer token belongs to, or null.
 * Until the OAuth feature supplies one, every bearer token is unknown.
 */
export type BearerResolver = (
  token: string,
  site: Site,
) => Promise<{ user: string; systemUser: boolean; scopes?: readonly string[] } | null>;

const GUEST: Authentication = { user: 'Guest', via: 'guest', systemUser: false };

/**
 * Frappe's order (docs/spec/auth.md §1, §2): resume the `sid` session (argument, then
 * cookie), then try a two-part `Authorization` header — Bearer, then
 * `token`/`Basic` API keys. Credentials only replace Guest (the cookie user
 * wins, §2.4), and a two-part header that left the request as Guest is 401.
 */
export async function authenticateRequest(
  auth: SiteAuth,
  request: CredentialRequest,
  bearer?: BearerResolver,
): Promise<Authentication> {
  const current = await sessionOf(auth, request);
  const claim = parseAuthorization(headerOf(request, 'authorization'));
  if (claim.kind === 'none') return current;
  let fromHeader: Authentication | null = null;
  if (claim.kind === 'bearer') {
    const owner = bearer === undefined ? null : await bearer(claim.token, auth.site);
    if (owner !== null)
      fromHeader = {
        user: owner.user,
        via: 'bearer',
        systemUser: owner.systemUser,
        ...(owner.scopes === undefined ? {} : { scopes: owner.scopes }),
      };
  } else if (claim.kind === 'key') {
    const owner = await verifyApiCredentials(auth.site, claim.apiKey, claim.apiSecret);
    fromHeader = { user: owner.user, via: 'token', systemUser: owner.userType === 'System User' };
  }
  if (current.user !== 'Guest') return current;
  if (fromHeader === null) throw new AuthenticationError('');
  return fromHeader;
}

async function sessionOf(auth: SiteAuth, request: CredentialRequest): Promise<Authentication> {
  const sid = sidOf(request);
  if (sid === undefined || sid === 'Guest' || sid === '') return GUEST;
  const data = await resumeSession(auth, sid);
  if (data === null) return { ...GUEST, sessionExpired: true };
  return sessionAuthentication(sid, data);
}

/** The Authentication of a live session (also used right after login). */
export function sessionAuthentication(sid: string, data: SessionData): Authentication {
  return {
    user: data.user,
    via: 'session',
    systemUser: data.user_type === 'System User',
    sessionCsrfToken: data.csrf_token,
    session: {
      sid,
      expirySeconds: data.session_expiry_seconds,
      fullName: data.full_name,
      userImage: data.user_image,
    },
  };
}

function sidOf(request: CredentialRequest): string | undefined {
  const fromArgs = request.args.sid;
  if (typeof fromArgs === 'string') return fromArgs;
  return request.cookies.sid;
}

function headerOf(request: CredentialRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}
