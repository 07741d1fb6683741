import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FrappeError } from '../../core/errors/index.js';
import { WithHttpStatus } from '../../engine/runtime/method-status.js';
import { UPDATE_PASSWORD } from '../../features/methods/password-methods.js';
import { MethodRateLimitExceeded } from '../../features/rate-limit/method-limit.js';
import { GUEST } from '../authenticator.js';
import { formField, formTokenMatches, issueFormToken } from '../pages/form-guard.js';
import { pageHeaders } from '../pages/oauth-pages.js';
import { updatePasswordPage } from '../pages/update-password-page.js';
import { invokeMethod } from './v1/method.js';

const PATH = '/update-password';
/** Double-submit cookie guarding the form of a visitor without a session. */
const CSRF_COOKIE = 'update_password_csrf';

/**
 * Frappe's `/update-password` page, where the reset, welcome and forced-reset
 * mails link to. GET shows the form (with the mailed key, or asking a
 * logged-in user for the old password; a Guest without a key goes to log
 * in); POST runs `update_password` itself — same rate limit, policy, key
 * rules and login — and redirects home, or shows the form again with the
 * error and its status.
 */
export function registerUpdatePasswordRoutes(app: FastifyInstance): void {
  app.get(PATH, async (request, reply) => {
    const key = formField(request, 'key');
    if (key === '' && isGuest(request)) return reply.redirect(loginRedirect(), 302);
    const expired = formField(request, 'password_expired') === 'true';
    return showForm(request, reply, 200, { key, expired });
  });
  app.post(PATH, async (request, reply) => {
    const key = formField(request, 'key');
    if (!csrfTokenValid(request))
      return showForm(request, reply, 400, {
        key,
        error: 'Your form expired. Please try again.',
      });
    if (key === '' && isGuest(request)) return reply.redirect(loginRedirect(), 303);
    const newPassword = formField(request, 'new_password');
    // Frappe's page checks this in the browser; without a script it is checked here, before any write.
    if (newPassword !== formField(request, 'confirm_password'))
      return showForm(request, reply, 417, { key, error: 'Passwords do not match' });
    return update(request, reply, key, newPassword);
  });
}

async function update(
  request: FastifyRequest,
  reply: FastifyReply,
  key: string,
  newPassword: string,
): Promise<FastifyReply> {
  const args =
    key === ''
      ? { old_password: formField(request, 'old_password'), new_password: newPassword }
      : { key, new_password: newPassword };
  try {
    const home = await invokeMethod(request, UPDATE_PASSWORD, args);
    if (home instanceof WithHttpStatus)
      return showForm(request, reply, home.status, { key, error: String(home.value) });
    reply.clearCookie(CSRF_COOKIE, { path: PATH });
    const target = typeof home === 'string' ? home : '/';
    // No session was opened (a second factor is due): log in with the new password, then go home.
    return reply.redirect(isGuest(request) ? loginRedirect(target) : target, 303);
  } catch (error) {
    if (!(error instanceof FrappeError)) throw error;
    if (error instanceof MethodRateLimitExceeded) reply.headers(error.headers);
    return showForm(request, reply, error.status, { key, error: error.message });
  }
}

function isGuest(request: FastifyRequest): boolean {
  return (request.cortado.auth?.user ?? GUEST.user) === GUEST.user;
}

function loginRedirect(then = PATH): string {
  return `/login?redirect-to=${then}`;
}

/** A session's own CSRF token (which the site-wide check also accepts), else a fresh cookie's. */
function sessionToken(request: FastifyRequest): string | undefined {
  const auth = request.cortado.auth;
  return auth?.via === 'session' && auth.sessionCsrfToken ? auth.sessionCsrfToken : undefined;
}

function csrfTokenValid(request: FastifyRequest): boolean {
  return formTokenMatches(request, sessionToken(request) ?? request.cookies[CSRF_COOKIE]);
}

function showForm(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  input: { key: string; expired?: boolean; error?: string },
): FastifyReply {
  const token = sessionToken(request) ?? issueFormToken(request, reply, CSRF_COOKIE, PATH);
  return reply
    .code(status)
    .headers(pageHeaders())
    .send(updatePasswordPage({ ...input, csrfToken: token }));
}
