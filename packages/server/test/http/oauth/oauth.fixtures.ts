import { createHash } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { insertDoc } from '../../../src/engine/document.js';
import { withContext } from '../../../src/engine/runtime/with-context.js';
import { createAuthService } from '../../../src/features/auth/auth-service.js';
import { resolveBearer } from '../../../src/features/oauth/resolve-bearer.js';
import { generateClientSecret } from '../../../src/features/oauth/client-secret-method.js';
import type { DbType } from '../../../src/platform/db/database.js';
import type { SiteConfig } from '../../../src/core/config/site-config.js';
import { buildTestApp } from '../../helpers/build-test-app.js';
import { JANE, seedAuthFixtures, type AuthTestApp } from '../auth/auth.fixtures.js';

/** docs/spec/oauth2.md §17 fixtures. */
export const CLIENT = {
  id: 'a1b2c3d4e5',
  secret: 'f6e5d4c3b2',
  redirect: 'https://app.example.com/callback',
};
export const SITE_URL = 'https://erp.example.com';
export const VERIFIER = 'M25iVXpKU3puUjFaYWg3T1NDTDQtcW1ROUY5YXlwalNoc0hhakxifmZHag';
export const CHALLENGE = 'qjrzSW9gMiUgpUvqgEPE4_-8swvyCtfOVvg55o5S_es';
export const OAUTH = '/api/method/frappe.integrations.oauth2.';

/**
 * A migrated site with auth.md's users (Jane is a System Manager) and the
 * spec's v15-imported client, served by the real auth service with the
 * OAuth bearer resolver. `host_name` fixes the issuer.
 */
export async function buildOAuthApp(
  dialect: DbType = 'sqlite',
  options: { issuerFromRequest?: boolean; config?: Partial<SiteConfig> } = {},
): Promise<AuthTestApp> {
  const auth = createAuthService({ bearer: resolveBearer });
  const t = await buildTestApp({
    dialect,
    migrate: true,
    config: {
      ...(options.issuerFromRequest === true ? {} : { host_name: SITE_URL }),
      ...options.config,
    },
    authenticate: auth.authenticate,
    build: { auth },
  });
  await seedAuthFixtures(t.site);
  await addClient(t, {
    client_id: CLIENT.id,
    client_secret: CLIENT.secret,
    legacy_unauthenticated_token_exchange: 1,
  });
  return { ...t, auth, close: async () => (await t.close(), await auth.close()) };
}

/**
 * Inserts an OAuth Client (defaults: the spec's Test App) and, for
 * confidential clients without a typed secret, generates one the way an
 * admin does (`generate_client_secret`, shown once).
 */
export async function addClient(
  t: { site: AuthTestApp['site'] },
  values: Record<string, unknown>,
): Promise<{ name: string; secret: string }> {
  const doc = await withContext(t.site, 'Administrator', (ctx) =>
    insertDoc(ctx, {
      doctype: 'OAuth Client',
      app_name: 'Test App',
      redirect_uris: CLIENT.redirect,
      default_redirect_uri: CLIENT.redirect,
      grant_type: 'Authorization Code',
      response_type: 'Code',
      scopes: 'all openid',
      skip_authorization: 0,
      ...values,
    }),
  );
  const name = String(doc.name);
  if (values.token_endpoint_auth_method === 'None' || typeof values.client_secret === 'string')
    return { name, secret: typeof values.client_secret === 'string' ? values.client_secret : '' };
  const secret = await withContext(t.site, 'Administrator', (ctx) =>
    generateClientSecret(ctx, name),
  );
  return { name, secret };
}

/** Logs Jane in through `/api/method/login` and returns her cookie header. */
export async function loginCookie(t: AuthTestApp, user = JANE): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/method/login',
    payload: { usr: user.user, pwd: user.pwd },
  });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.body}`);
  const sid = /sid=([0-9a-f]+);/.exec(String(res.headers['set-cookie']))?.[1];
  return `sid=${sid}; user_id=${encodeURIComponent(user.user)}`;
}

/** The session's CSRF token (minted at login), read back from the consent page's form. */
export function csrfOf(consent: LightMyRequestResponse): string {
  return /name="csrf_token" value="([^"]+)"/.exec(consent.body)?.[1] ?? '';
}

/** The approve URL of the consent page's Allow form (HTML-unescaped). */
export function approveActionOf(consent: LightMyRequestResponse): string {
  const raw = /<form method="post" action="([^"]+approve[^"]*)"/.exec(consent.body)?.[1] ?? '';
  return raw.replace(/&amp;/g, '&');
}

export function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

export function authorizeQuery(params: Record<string, string>): string {
  return new URLSearchParams({
    client_id: CLIENT.id,
    response_type: 'code',
    scope: 'all openid',
    redirect_uri: CLIENT.redirect,
    ...params,
  })
    .toString()
    .replace(/\+/g, '%20');
}

/**
 * Runs authorize → consent → Allow as the logged-in user and returns the code
 * from the callback (and the raw Location).
 */
export async function obtainCode(
  t: AuthTestApp,
  cookie: string,
  params: Record<string, string> = {},
): Promise<{ code: string; location: string }> {
  const consent = await t.app.inject({
    url: `${OAUTH}authorize?${authorizeQuery(params)}`,
    headers: { cookie },
  });
  if (consent.statusCode !== 200) throw new Error(`consent: ${consent.statusCode} ${consent.body}`);
  const res = await t.app.inject({
    method: 'POST',
    url: approveActionOf(consent),
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: `csrf_token=${encodeURIComponent(csrfOf(consent))}`,
  });
  if (res.statusCode !== 302) throw new Error(`approve: ${res.statusCode} ${res.body}`);
  const location = String(res.headers.location);
  return { code: new URL(location).searchParams.get('code') ?? '', location };
}

export function form(values: Record<string, string>): string {
  return new URLSearchParams(values).toString();
}

export async function postForm(
  t: AuthTestApp,
  method: string,
  values: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'POST',
    url: `${OAUTH}${method}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: form(values),
  });
}

/** The password grant at `get_token` for `user` (default Jane) with `scope`, at the spec's client unless `extra` names another. */
export function passwordGrant(
  t: AuthTestApp,
  scope: string,
  user: { user: string; pwd: string } = JANE,
  extra: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return postForm(t, 'get_token', {
    grant_type: 'password',
    username: user.user,
    password: user.pwd,
    client_id: CLIENT.id,
    scope,
    ...extra,
  });
}

/** Listens on 127.0.0.1 (port 0) and returns `http://127.0.0.1:<port>`. */
export async function listen(t: AuthTestApp): Promise<string> {
  const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
  return address.replace('localhost', '127.0.0.1');
}

/** A cookie jar's worth of fetch: logs in over HTTP and returns the Cookie header. */
export async function httpLogin(base: string, user = JANE): Promise<string> {
  const res = await fetch(`${base}/api/method/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ usr: user.user, pwd: user.pwd }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
  const sid = /sid=([0-9a-f]+);/.exec(res.headers.getSetCookie().join('\n'))?.[1];
  return `sid=${sid}`;
}

/**
 * The user's part of the authorization-code flow over real HTTP: open the
 * authorize URL with the session, submit the consent form, and return the
 * callback URL the browser would land on.
 */
export async function consentOverHttp(
  base: string,
  cookie: string,
  authorizeUrl: URL,
): Promise<URL> {
  const page = await fetch(authorizeUrl, { headers: { cookie }, redirect: 'manual' });
  if (page.status !== 200) throw new Error(`authorize: ${page.status} ${await page.text()}`);
  const html = await page.text();
  const action = /<form method="post" action="([^"]+approve[^"]*)"/.exec(html)?.[1] ?? '';
  const csrf = /name="csrf_token" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const approved = await fetch(new URL(action.replace(/&amp;/g, '&'), base), {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf_token: csrf }).toString(),
    redirect: 'manual',
  });
  if (approved.status !== 302) throw new Error(`approve: ${approved.status}`);
  return new URL(approved.headers.get('location') ?? '');
}
