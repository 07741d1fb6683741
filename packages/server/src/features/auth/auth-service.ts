import type { Site } from '../../engine/site.js';
import {
  authenticateRequest,
  sessionAuthentication,
  type Authentication,
  type BearerResolver,
  type CredentialRequest,
} from './authenticate-request.js';
import { forgetCredentials } from './credential-cache.js';
import { loginWithKey } from './login-link.js';
import { login, loginAs, verifyPasswordGrant, type LoginInput, type LoginResult } from './login.js';
import { sessionKey } from './sessions/session-store.js';
import { openSiteAuth, type SiteAuth, type SiteAuthOptions } from './site-auth.js';

export interface AuthServiceOptions extends SiteAuthOptions {
  /** Resolves OAuth bearer tokens (filled by the OAuth feature). */
  readonly bearer?: BearerResolver;
}

/** Authentication, login and logout for every site a server process serves. */
export interface AuthService {
  authenticate(request: CredentialRequest, site: Site): Promise<Authentication>;
  login(
    site: Site,
    input: LoginInput,
  ): Promise<LoginResult & { readonly authentication?: Authentication }>;
  /**
   * Checks a user's password as login does (lockout included) without a
   * session, refusing users who must give a second factor; the user's name.
   */
  checkPassword(site: Site, input: LoginInput): Promise<string>;
  /**
   * `login_via_key`: consumes a mailed login key and opens its user's
   * session; null when the key is unknown, used, expired or its user disabled.
   */
  loginWithKey(
    site: Site,
    key: string,
    ip: string,
  ): Promise<(LoginResult & { readonly authentication: Authentication }) | null>;
  /**
   * Opens a session for `user` after a method proved who the caller is
   * (`update_password` with a mailed key or the old password); null when
   * the user must give a second factor, is disabled or outside `restrict_ip`.
   */
  loginAs(
    site: Site,
    user: string,
    ip: string,
  ): Promise<(LoginResult & { readonly authentication: Authentication }) | null>;
  /** Ends the session of `sid` (unknown ids are ignored). */
  logout(site: Site, sid: string): Promise<void>;
  /** Closes every site's Redis connections. */
  close(): Promise<void>;
}

/**
 * One service per server process; it opens each site's stores on first use.
 *
 * @example
 * const auth = createAuthService();
 * const app = await buildApp({ sites, auth });
 */
export function createAuthService(options: AuthServiceOptions = {}): AuthService {
  const perSite = new Map<Site, Promise<SiteAuth>>();
  const siteAuth = (site: Site): Promise<SiteAuth> => {
    let opened = perSite.get(site);
    if (opened === undefined) {
      opened = openSiteAuth(site, options);
      opened.catch(() => perSite.delete(site));
      perSite.set(site, opened);
    }
    return opened;
  };
  return {
    async authenticate(request, site) {
      return authenticateRequest(await siteAuth(site), request, options.bearer);
    },
    async login(site, input) {
      const result = await login(await siteAuth(site), input);
      return result.sid === undefined || result.session === undefined
        ? result
        : { ...result, authentication: sessionAuthentication(result.sid, result.session) };
    },
    async loginWithKey(site, key, ip) {
      return withAuthentication(await loginWithKey(await siteAuth(site), key, ip));
    },
    async loginAs(site, user, ip) {
      return withAuthentication(await loginAs(await siteAuth(site), user, ip, 'require'));
    },
    async checkPassword(site, input) {
      return verifyPasswordGrant(await siteAuth(site), input);
    },
    async logout(site, sid) {
      if (sid === 'Guest' || sid === '') return;
      await (await siteAuth(site)).sessions.delete(sessionKey(sid));
      // Epoch-wide, so a request that read the session just before the delete cannot cache it again.
      forgetCredentials();
    },
    async close() {
      const opened = await Promise.allSettled(perSite.values());
      perSite.clear();
      for (const result of opened) if (result.status === 'fulfilled') await result.value.close();
    },
  };
}

/** A login that opened a session, with the request authentication it gives. */
function withAuthentication(
  result: LoginResult | null,
): (LoginResult & { readonly authentication: Authentication }) | null {
  if (result?.sid === undefined || result.session === undefined) return null;
  return { ...result, authentication: sessionAuthentication(result.sid, result.session) };
}
