import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthService } from '../../features/auth/auth-service.js';
import { AccountLockedError } from '../../features/auth/lockout.js';
import { FrappeError } from '../../core/errors/index.js';
import { formField, formTokenMatches, issueFormToken } from '../pages/form-guard.js';
import { loginPage, pageHeaders } from '../pages/oauth-pages.js';
import { issuerOf } from '../oauth-http.js';

/** Double-submit cookie guarding the login form against login CSRF. */
const CSRF_COOKIE = 'login_csrf';

/**
 * Frappe's `/login?redirect-to=…` as a small server-rendered page, enough
 * for the OAuth authorize step to send a Guest to log in and come back: GET
 * shows the form, POST logs in through the auth service (the same checks and
 * lockout as `/api/method/login`) and redirects, same-origin only.
 */
export function registerOAuthLoginRoutes(app: FastifyInstance, auth: AuthService): void {
  app.get('/login', async (request, reply) => {
    const redirectTo = formField(request, 'redirect-to');
    // Already logged in: straight on, as Frappe's login page does.
    if ((request.cortado.auth?.user ?? 'Guest') !== 'Guest')
      return reply.redirect(safeTarget(request, redirectTo), 303);
    return showLogin(request, reply, 200, { redirectTo });
  });
  app.post('/login', async (request, reply) => {
    const redirectTo = formField(request, 'redirect-to');
    const usr = formField(request, 'usr');
    if (!formTokenMatches(request, request.cookies[CSRF_COOKIE]))
      return showLogin(request, reply, 400, {
        redirectTo,
        usr,
        error: 'Your login form expired. Please try again.',
      });
    const site = request.cortado.site;
    if (site === undefined) throw new Error('login page reached without a site');
    const tmpId = formField(request, 'tmp_id');
    try {
      const result = await auth.login(site, {
        usr,
        pwd: formField(request, 'pwd'),
        ip: request.ip,
        ...(tmpId === '' ? {} : { tmp_id: tmpId, otp: formField(request, 'otp') }),
      });
      if (result.authentication === undefined) return nextLoginStep(request, reply, result.body);
      request.cortado.auth = result.authentication;
    } catch (error) {
      if (error instanceof AccountLockedError) {
        reply.header('retry-after', String(error.retryAfterSeconds));
        return showLogin(request, reply, 429, { redirectTo, usr, error: error.message });
      }
      if (error instanceof FrappeError && error.status === 401)
        return showLogin(request, reply, 401, {
          redirectTo,
          usr,
          error:
            tmpId === '' ? 'Invalid login credentials' : 'Invalid or expired verification code',
        });
      throw error;
    }
    reply.clearCookie(CSRF_COOKIE, { path: '/login' });
    return reply.redirect(safeTarget(request, redirectTo), 303);
  });
}

/**
 * Login answered without a session: a second factor is due (ask for the
 * code, keeping the pending login's id) or the password must be reset (go
 * to the reset link login issued).
 */
function nextLoginStep(
  request: FastifyRequest,
  reply: FastifyReply,
  body: Readonly<Record<string, unknown>>,
): FastifyReply {
  const redirectTo = formField(request, 'redirect-to');
  if (typeof body['tmp_id'] === 'string')
    return showLogin(request, reply, 200, { redirectTo, tmpId: body['tmp_id'] });
  if (typeof body['redirect_to'] === 'string') return reply.redirect(body['redirect_to'], 303);
  return showLogin(request, reply, 401, { redirectTo, error: 'Login could not be completed' });
}

function showLogin(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  input: { redirectTo: string; usr?: string; error?: string; tmpId?: string },
): FastifyReply {
  const token = issueFormToken(request, reply, CSRF_COOKIE, '/login');
  return reply
    .code(status)
    .headers(pageHeaders())
    .send(loginPage({ ...input, csrfToken: token }));
}

/** Only this site's own pages: a path, or an absolute URL on the issuer's origin; else the home page. */
function safeTarget(request: FastifyRequest, redirectTo: string): string {
  if (redirectTo.startsWith('/') && !redirectTo.startsWith('//') && !redirectTo.includes('\\'))
    return redirectTo;
  if (!URL.canParse(redirectTo)) return '/';
  const target = new URL(redirectTo);
  const own = new URL(issuerOf(request));
  return target.origin === own.origin ? target.pathname + target.search : '/';
}
