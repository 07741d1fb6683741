import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PermissionError } from '../../core/errors/index.js';
import type { WhitelistedMethod } from '../../engine/runtime/app-definition.js';
import { withContext } from '../../engine/runtime/with-context.js';
import type { AuthService } from '../../features/auth/auth-service.js';
import { LOGIN_VIA_KEY_PATH } from '../../features/auth/login-link.js';
import { siteUrl } from '../../features/auth/password-reset.js';
import { GUEST } from '../authenticator.js';
import { escapeHtml } from '../../core/escape-html.js';
import { page, pageHeaders } from '../pages/oauth-pages.js';
import { applyMethodRateLimit } from '../plugins/rate-limit.js';

const VERBS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];

/** What the rate limit sees: the method path whose built-in rule applies (GET only, per IP). */
const LOGIN_VIA_KEY: WhitelistedMethod = {
  path: LOGIN_VIA_KEY_PATH,
  allowGuest: true,
  methods: ['GET'],
  handler: () => undefined,
};

/**
 * `GET /api/method/frappe.www.login.login_via_key?key=…` (docs/spec/auth.md §13): a
 * route rather than a method because it opens a session. A valid key
 * redirects (302) to the desk or `/me` with the new session's cookies; any
 * other key answers Frappe's 403 "Not Permitted" page as Guest. Other verbs
 * get the 403 of a GET-only method.
 */
export function registerLoginLinkRoutes(app: FastifyInstance, auth: AuthService): void {
  for (const prefix of ['/api/method', '/api/v1/method', '/api/v2/method']) {
    app.route({
      method: VERBS,
      url: `${prefix}/${LOGIN_VIA_KEY_PATH}`,
      handler: (request, reply) => loginViaKey(request, reply, auth),
    });
  }
}

async function loginViaKey(
  request: FastifyRequest,
  reply: FastifyReply,
  auth: AuthService,
): Promise<FastifyReply> {
  const { site, args = {} } = request.cortado;
  if (site === undefined) throw new Error('login_via_key reached without a site');
  if (request.method !== 'GET')
    throw new PermissionError('Not permitted', { title: 'Not Permitted' });
  await withContext(site, GUEST.user, (ctx) => applyMethodRateLimit(request, LOGIN_VIA_KEY, ctx), {
    readOnly: true,
    requestId: request.id,
  });
  const key = typeof args.key === 'string' ? args.key : '';
  const result = await auth.loginWithKey(site, key, request.ip);
  if (result === null) {
    const message = 'The link you trying to login is invalid or expired.';
    return reply
      .code(403)
      .headers(pageHeaders())
      .send(page('Not Permitted', `<h1>Not Permitted</h1>\n<p>${escapeHtml(message)}</p>`));
  }
  request.cortado.auth = result.authentication;
  const home = result.session?.user_type === 'System User' ? '/app' : '/me';
  return reply.redirect(`${siteUrl(site)}${home}`, 302);
}
