import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CSRFTokenError } from '../../core/errors/index.js';
import { sameSecret } from '../../platform/crypto/same-secret.js';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'DELETE', 'PATCH']);

/**
 * CSRF for cookie sessions (docs/spec/auth.md §9, docs/spec/DECISIONS.md "CSRF enforcement"): when
 * the site turns `enforce_csrf` on and `ignore_csrf` is off, an unsafe request
 * on a cookie session must carry the session's token in
 * `X-Frappe-CSRF-Token` or the `csrf_token` argument. Token and bearer
 * requests never need it. Registered after authentication.
 */
export function registerCsrf(app: FastifyInstance): void {
  app.addHook('preHandler', async (request) => {
    if (csrfRequired(request) && !tokenMatches(request)) {
      throw new CSRFTokenError('Invalid Request');
    }
  });
}

function csrfRequired(request: FastifyRequest): boolean {
  const { site, auth } = request.cortado;
  if (site === undefined || auth?.via !== 'session' || !UNSAFE_METHODS.has(request.method))
    return false;
  return site.config.enforce_csrf === true && site.config.ignore_csrf !== true;
}

function tokenMatches(request: FastifyRequest): boolean {
  const expected = request.cortado.auth?.sessionCsrfToken;
  const header = request.headers['x-frappe-csrf-token'];
  const sent = typeof header === 'string' ? header : request.cortado.args?.csrf_token;
  return expected !== undefined && typeof sent === 'string' && sameSecret(sent, expected);
}
