import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PermissionError, RateLimitExceededError } from '../../core/errors/index.js';
import type { Context } from '../../engine/context.js';
import type { Site } from '../../engine/site.js';
import { withContext } from '../../engine/runtime/with-context.js';
import type { AuthService } from '../../features/auth/auth-service.js';
import { approve, consentGiven, denyLocation } from '../../features/oauth/approve.js';
import {
  AUTHORIZE_PARAMS,
  validateAuthorizeRequest,
} from '../../features/oauth/authorize-request.js';
import {
  authorizationServerMetadata,
  openidConfiguration,
  protectedResourceMetadata,
} from '../../features/oauth/discovery.js';
import { OAuthError } from '../../features/oauth/oauth-error.js';
import { readOAuthSettings } from '../../features/oauth/oauth-settings.js';
import { sameSecret } from '../../features/oauth/opaque-tokens.js';
import { registerClient } from '../../features/oauth/register-client.js';
import {
  introspectTokenRequest,
  revokeTokenRequest,
} from '../../features/oauth/revoke-and-introspect.js';
import { publishedKeys } from '../../features/oauth/signing-keys.js';
import { exchangeToken } from '../../features/oauth/token-endpoint.js';
import { userClaims } from '../../features/oauth/user-claims.js';
import { GUEST, type AuthResult, type Authenticator } from '../authenticator.js';
import { authorizationOf, issuerOf, sendJson } from '../oauth-http.js';
import { consentPage, pageHeaders } from '../pages/oauth-pages.js';
import { registerBearerChecks } from '../plugins/oauth-resource.js';
import type { RouteFlags } from '../request-state.js';

const METHOD_PREFIXES = ['/api/method', '/api/v1/method', '/api/v2/method'];
const OAUTH = 'frappe.integrations.oauth2.';
/** Endpoints where `Authorization: Basic` is client authentication, not an API key (docs/spec/oauth2.md §5.4). */
const CLIENT_AUTH_PATHS =
  /frappe\.integrations\.oauth2\.(get_token|revoke_token|introspect_token|register_client)(\?|$)/;
/** Dynamic registrations allowed per client IP and hour when DCR is on (B-O9). */
const REGISTRATIONS_PER_HOUR = 10;

const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * On the token, revoke, introspect and register endpoints the
 * `Authorization` header authenticates the client, so the user
 * authenticator must not read it as an API key or bearer token.
 */
export function withOAuthClientPaths(inner: Authenticator): Authenticator {
  return (request, site) => {
    if (!CLIENT_AUTH_PATHS.test(request.url.split('?')[0] ?? '')) return inner(request, site);
    const headers = { ...request.headers };
    delete headers.authorization;
    return inner({ ...request, headers }, site);
  };
}

/**
 * Frappe's OAuth 2.0 / OpenID Connect endpoints (docs/spec/oauth2.md §2) under every
 * method prefix, the well-known documents and the JWKS; and, for the whole
 * API, bearer scopes and the `WWW-Authenticate` challenge.
 */
export function registerOAuthRoutes(app: FastifyInstance, auth: AuthService): void {
  const route = (name: string, verbs: string[], handler: Handler, config: RouteFlags = {}) => {
    for (const prefix of METHOD_PREFIXES) {
      const url = `${prefix}/${OAUTH}${name}`;
      app.route({ method: verbs, url, config, handler: wrap(handler) });
    }
  };
  route('authorize', ['GET', 'POST'], authorize);
  route('approve', ['GET', 'POST'], approveRoute);
  route('get_token', ['GET', 'POST'], (request, reply) => getToken(request, reply, auth));
  route('revoke_token', ['GET', 'POST'], revoke);
  route('introspect_token', ['GET', 'POST'], introspect);
  route('openid_profile', ['GET', 'POST'], openidProfile, OPENID_TOKEN);
  route('openid_configuration', ['GET'], discoveryDocument, OPENID_TOKEN);
  route('register_client', ['POST'], register);
  const document = (url: string, handler: Handler) =>
    app.get(url, { config: OPENID_TOKEN }, wrap(handler));
  document('/.well-known/openid-configuration', discoveryDocument);
  for (const url of [
    '/.well-known/oauth-authorization-server',
    '/.well-known/oauth-authorization-server/*',
  ])
    document(url, authServerMetadata);
  for (const url of [
    '/.well-known/oauth-protected-resource',
    '/.well-known/oauth-protected-resource/*',
  ])
    document(url, resourceMetadata);
  document('/.well-known/jwks.json', jwks);
  registerBearerChecks(app);
}

type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;

/**
 * Where a Bearer token scoped to `openid` alone may go: userinfo and the
 * public documents. Every other route, `authorize` and `approve` (which
 * would mint a wider code) and the admin methods included, needs `all`.
 */
const OPENID_TOKEN: RouteFlags = { bearerScopes: ['openid'] };

async function discoveryDocument(
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  return sendJson(reply, 200, openidConfiguration(issuerOf(request)));
}

function siteOf(request: FastifyRequest): Site {
  const { site } = request.cortado;
  if (site === undefined) throw new Error('OAuth route reached without a site');
  return site;
}

function wrap(handler: Handler): Handler {
  return async (request, reply) => {
    try {
      return await handler(request, reply);
    } catch (error) {
      if (error instanceof OAuthError) return sendJson(reply, error.status, error.frappeBody());
      throw error;
    }
  };
}

/** Token responses must never be cached (RFC 6749 §5.1). */
function tokenJson(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
  return sendJson(reply, status, body);
}

function argsOf(request: FastifyRequest): Record<string, unknown> {
  return request.cortado.args ?? {};
}

/** The authorize parameters, re-encoded for the approve URL (spaces as %20, docs/spec/oauth2.md §3). */
function authorizeQuery(args: Record<string, unknown>): string {
  const query = new URLSearchParams();
  for (const name of AUTHORIZE_PARAMS) {
    const value = args[name];
    if (typeof value === 'string' && value !== '') query.append(name, value);
  }
  return query.toString().replace(/\+/g, '%20');
}

/** Runs `fn` in one transaction; an OAuthError commits what was written before it and is returned. */
async function inTransaction<T>(
  request: FastifyRequest,
  user: string,
  fn: (ctx: Context) => Promise<T>,
): Promise<T | OAuthError> {
  return withContext(
    siteOf(request),
    user,
    async (ctx) => {
      try {
        return await fn(ctx);
      } catch (error) {
        if (error instanceof OAuthError) return error;
        throw error;
      }
    },
    { requestId: request.id },
  );
}

async function authorize(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const current = request.cortado.auth ?? GUEST;
  if (current.user === GUEST.user) {
    const back = issuerOf(request) + request.url;
    return reply.redirect(`/login?redirect-to=${encodeURIComponent(back)}`, 302);
  }
  const args = argsOf(request);
  const outcome = await withContext(
    siteOf(request),
    current.user,
    async (ctx) => {
      const validated = await validateAuthorizeRequest(ctx.uow.db, args, ctx.roles);
      const settings = await readOAuthSettings(ctx.uow.db);
      return { validated, skip: await consentGiven(ctx, validated, settings) };
    },
    { readOnly: true, requestId: request.id },
  );
  const approveUrl = `/api/method/${OAUTH}approve?${authorizeQuery(args)}`;
  if (outcome.skip) return reply.redirect(approveUrl, 302);
  const { validated } = outcome;
  const denyUrl = denyLocation(validated);
  const html = consentPage({
    appName: validated.client.appName,
    scopes: validated.scopes,
    user: current.user,
    approveUrl,
    denyUrl,
    csrfToken: current.sessionCsrfToken ?? '',
    unverified: validated.client.isDynamic,
  });
  return reply
    .code(200)
    .headers(pageHeaders([formTarget(validated.redirectUri)]))
    .send(html);
}

/** What CSP `form-action` must allow for approve's redirect to reach the client. */
function formTarget(redirectUri: string): string {
  const url = new URL(redirectUri);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : url.protocol;
}

async function approveRoute(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const current = request.cortado.auth ?? GUEST;
  if (current.user === GUEST.user)
    throw new PermissionError('You are not permitted to access this resource.', {
      title: 'Not Permitted',
    });
  const args = argsOf(request);
  const location = await inTransaction(request, current.user, async (ctx) => {
    const validated = await validateAuthorizeRequest(ctx.uow.db, args, ctx.roles);
    const settings = await readOAuthSettings(ctx.uow.db);
    if (!(await consentGiven(ctx, validated, settings)) && !confirmed(current, args))
      throw new OAuthError('access_denied', 'Confirm access on the consent page first.', 403);
    return approve(ctx, validated, nowSeconds(), nowSeconds());
  });
  if (location instanceof OAuthError) throw location;
  return reply.redirect(location, 302);
}

/** The consent form's CSRF token must be this session's (approve cannot be forged cross-site). */
function confirmed(current: AuthResult, args: Record<string, unknown>): boolean {
  const sent = args.csrf_token;
  const expected = current.sessionCsrfToken;
  return (
    current.via === 'session' &&
    typeof sent === 'string' &&
    typeof expected === 'string' &&
    expected !== '' &&
    sameSecret(sent, expected)
  );
}

function isForm(request: FastifyRequest): boolean {
  const type = request.headers['content-type'];
  return (
    typeof type === 'string' && type.toLowerCase().startsWith('application/x-www-form-urlencoded')
  );
}

async function getToken(
  request: FastifyRequest,
  reply: FastifyReply,
  auth: AuthService,
): Promise<FastifyReply> {
  // Frappe reads the form only; anything else is an empty request (docs/spec/oauth2.md §5.1).
  const args = request.method === 'POST' && isForm(request) ? argsOf(request) : {};
  const passwordUser =
    args.grant_type === 'password' ? await checkPassword(request, auth, args) : undefined;
  const result = await inTransaction(request, GUEST.user, (ctx) =>
    exchangeToken(ctx, {
      args,
      authorization: authorizationOf(request),
      issuer: issuerOf(request),
      now: nowSeconds(),
      ...(passwordUser === undefined ? {} : { passwordUser }),
    }),
  );
  if (result instanceof OAuthError) return tokenJson(reply, result.status, result.tokenBody());
  return tokenJson(reply, 200, result);
}

/** Login's checks and lockout, in their own transactions (before the grant's). */
async function checkPassword(
  request: FastifyRequest,
  auth: AuthService,
  args: Record<string, unknown>,
): Promise<string | null> {
  try {
    return await auth.checkPassword(siteOf(request), {
      usr: args.username,
      pwd: args.password,
      ip: request.cortado.clientIp ?? request.ip,
    });
  } catch {
    return null;
  }
}

async function revoke(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const result = await inTransaction(request, GUEST.user, (ctx) =>
    revokeTokenRequest(ctx, {
      args: argsOf(request),
      authorization: authorizationOf(request),
      issuer: issuerOf(request),
      now: nowSeconds(),
    }),
  );
  return tokenJson(reply, result instanceof OAuthError ? result.status : 200, {});
}

async function introspect(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const result = await inTransaction(request, GUEST.user, (ctx) =>
    introspectTokenRequest(ctx, {
      args: argsOf(request),
      authorization: authorizationOf(request),
      issuer: issuerOf(request),
      now: nowSeconds(),
    }),
  );
  return tokenJson(reply, 200, result instanceof OAuthError ? { active: false } : result);
}

async function openidProfile(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const current = request.cortado.auth ?? GUEST;
  if (current.via !== 'bearer')
    throw new PermissionError('You are not permitted to access this resource.', {
      title: 'Not Permitted',
    });
  if (!(current.scopes ?? []).includes('openid'))
    throw new OAuthError('insufficient_scope', 'The access token lacks the openid scope.', 403);
  const site = siteOf(request);
  const claims = await withContext(
    site,
    current.user,
    (ctx) => userClaims(ctx.uow, site.config.encryption_key, current.user, issuerOf(request)),
    { readOnly: true, requestId: request.id },
  );
  return sendJson(reply, 200, claims);
}

async function register(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const site = siteOf(request);
  const settings = await readOAuthSettings(site.db.kysely);
  if (!settings.enableDynamicClientRegistration)
    return sendJson(reply, 404, { error: 'not_found' });
  const limiter = request.cortado.limiterStore?.limiter({
    name: 'oauth-register-client',
    points: REGISTRATIONS_PER_HOUR,
    duration: 3600,
  });
  const count = await limiter?.consume(request.cortado.clientIp ?? request.ip);
  if (count?.exceeded === true) {
    reply.header('retry-after', String(Math.ceil(count.msBeforeNext / 1000)));
    throw new RateLimitExceededError('Too many client registrations. Try again later.');
  }
  const body = typeof request.body === 'object' ? request.body : null;
  const result = await inTransaction(request, GUEST.user, (ctx) =>
    registerClient(ctx, body, site.config.developer_mode === true, nowSeconds()),
  );
  if (result instanceof OAuthError) return tokenJson(reply, result.status, result.tokenBody());
  return tokenJson(reply, 201, result);
}

async function authServerMetadata(
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const settings = await readOAuthSettings(siteOf(request).db.kysely);
  if (!settings.showAuthServerMetadata) return sendJson(reply, 404, { error: 'not_found' });
  return sendJson(reply, 200, authorizationServerMetadata(issuerOf(request), settings));
}

async function resourceMetadata(
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const settings = await readOAuthSettings(siteOf(request).db.kysely);
  if (!settings.showProtectedResourceMetadata) return sendJson(reply, 404, { error: 'not_found' });
  return sendJson(reply, 200, protectedResourceMetadata(issuerOf(request), settings));
}

async function jwks(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const site = siteOf(request);
  const keys = await publishedKeys(site.db.kysely, site.config.encryption_key, nowSeconds());
  reply.header('cache-control', 'public, max-age=300');
  return sendJson(reply, 200, keys);
}
