import type { FastifyInstance } from 'fastify';
import { OAuthError } from '../../features/oauth/oauth-error.js';
import { readOAuthSettings } from '../../features/oauth/oauth-settings.js';
import { authorizationOf, issuerOf, sendJson } from '../oauth-http.js';
import type { RouteFlags } from '../request-state.js';
import { addCorsHeaders } from './cors.js';

/**
 * Bearer tokens on the whole API: a token without the `all` scope may only
 * call the routes that list one of its scopes in `bearerScopes` (an
 * `openid` token reads the profile and the public documents, nothing else);
 * 401 and 403 answers name the protected-resource metadata
 * (docs/spec/oauth2.md §12, v16). The check reads the matched route, never
 * the URL, so no query string, path form or legacy `cmd` can widen a token.
 */
export function registerBearerChecks(app: FastifyInstance): void {
  app.addHook('preHandler', async (request, reply) => {
    const current = request.cortado?.auth;
    if (current?.via !== 'bearer') return;
    const granted = current.scopes ?? [];
    const allowed = (request.routeOptions.config as RouteFlags).bearerScopes ?? [];
    if (granted.includes('all') || allowed.some((scope) => granted.includes(scope))) return;
    const refusal = new OAuthError(
      'insufficient_scope',
      'The access token does not allow this request.',
      403,
    );
    reply.header('www-authenticate', 'Bearer error="insufficient_scope"');
    return sendJson(reply, 403, refusal.frappeBody());
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const status = reply.statusCode;
    const site = request.cortado?.site;
    if ((status !== 401 && status !== 403) || site === undefined) return payload;
    const settings = await readOAuthSettings(site.db.kysely).catch(() => null);
    if (settings?.showProtectedResourceMetadata !== true) return payload;
    const metadata = `${issuerOf(request)}/.well-known/oauth-protected-resource`;
    if (reply.hasHeader('www-authenticate')) return payload;
    const bearerSent = /^bearer /i.test(authorizationOf(request) ?? '');
    const error = status === 401 && bearerSent ? ' error="invalid_token",' : '';
    reply.header('www-authenticate', `Bearer${error} resource_metadata="${metadata}"`);
    return payload;
  });
}

/** Endpoints public clients call from a browser (docs/spec/oauth2.md §15.4). */
const PUBLIC_CLIENT_PATHS =
  /frappe\.integrations\.oauth2\.(get_token|revoke_token|introspect_token|openid_profile|register_client)$/;

/**
 * v16's CORS for OAuth: `/.well-known/*` echoes any origin; the public
 * client endpoints echo origins listed in OAuth Settings
 * `allowed_public_client_origins` (or all, with `*`). Registered before the
 * site-wide CORS hook, which then answers the preflight.
 */
export function registerOAuthCors(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    const site = request.cortado.site;
    if (origin === undefined || site === undefined) return;
    const path = request.url.split('?')[0] ?? '';
    if (!path.startsWith('/.well-known/')) {
      if (!PUBLIC_CLIENT_PATHS.test(path)) return;
      const allowed = (await readOAuthSettings(site.db.kysely)).allowedPublicClientOrigins;
      if (!allowed.includes('*') && !allowed.includes(origin)) return;
    }
    addCorsHeaders(request, reply, origin, site.config);
  });
}
