import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthService } from '../../features/auth/auth-service.js';
import { AccountLockedError } from '../../features/auth/lockout.js';
import { successBody, type ApiVersion } from '../envelopes.js';
import { GUEST } from '../authenticator.js';
import { registerLoginLinkRoutes } from './login-link.js';

const VERBS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];
const PREFIXES: Array<[string, ApiVersion]> = [
  ['/api/method', 'v1'],
  ['/api/v1/method', 'v1'],
  ['/api/v2/method', 'v2'],
];

/**
 * `login` and `logout` under `/api/method`, `/api/v1/method` and
 * `/api/v2/method` (docs/spec/auth.md §4, B-15: every version really logs in). The
 * body keys stay at the top level, as Frappe's login answers.
 */
export function registerAuthRoutes(app: FastifyInstance, auth: AuthService): void {
  // Methods that log their caller in (`WithLogin`) open the session through it.
  app.decorate('cortadoAuth', auth);
  for (const [prefix, version] of PREFIXES) {
    app.route({
      method: VERBS,
      url: `${prefix}/login`,
      handler: (request, reply) => login(request, reply, auth),
    });
    app.route({
      method: VERBS,
      url: `${prefix}/logout`,
      handler: (request, reply) => logout(request, reply, auth, version),
    });
  }
  registerLoginLinkRoutes(app, auth);
}

/** Frappe's login: `usr`/`pwd` from the request arguments; the session cookies follow on send. */
export async function login(
  request: FastifyRequest,
  reply: FastifyReply,
  auth: AuthService,
): Promise<FastifyReply> {
  const { site, args = {} } = request.cortado;
  if (site === undefined) throw new Error('login route reached without a site');
  try {
    const result = await auth.login(site, {
      usr: args.usr,
      pwd: args.pwd,
      tmp_id: args.tmp_id,
      otp: args.otp,
      ip: request.ip,
    });
    if (result.authentication !== undefined) request.cortado.auth = result.authentication;
    return reply.send(result.body);
  } catch (error) {
    if (error instanceof AccountLockedError)
      reply.header('retry-after', String(error.retryAfterSeconds));
    throw error;
  }
}

/** Ends the request's session (if any) and answers an empty success envelope. */
export async function logout(
  request: FastifyRequest,
  reply: FastifyReply,
  auth: AuthService,
  version: ApiVersion,
): Promise<FastifyReply> {
  const { site, auth: current } = request.cortado;
  if (site === undefined) throw new Error('logout route reached without a site');
  if (current?.session !== undefined) await auth.logout(site, current.session.sid);
  request.cortado.auth = { ...GUEST, sessionEnded: true };
  return reply.send(successBody(version, {}, request.cortado.messages));
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The auth service, for routes that open sessions (set by `registerAuthRoutes`). */
    cortadoAuth?: AuthService;
  }
}
