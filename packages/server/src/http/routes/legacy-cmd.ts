import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthService } from '../../features/auth/auth-service.js';
import type { MethodRegistry } from '../../features/methods/registry.js';
import { login, logout } from './auth.js';
import { RUN_DOC_METHOD_COMMANDS, runDocMethodRequest } from './run-doc-method.js';
import { callMethod } from './v1/method.js';

const VERBS = ['GET', 'POST', 'PUT', 'DELETE'];

/**
 * Frappe's legacy RPC (docs/spec/api-rest-rpc.md §1 step 9): a request to `/` whose
 * arguments carry `cmd` runs `cmd` exactly as `/api/method/<cmd>` would,
 * `cmd=login` and `cmd=logout` included. Frappe's own Python client sends
 * every call this way. Without `cmd`, `/` is the website, which Cortado
 * does not serve: the usual 404.
 */
export function registerLegacyCmdRoute(
  app: FastifyInstance,
  auth: AuthService,
  methods: MethodRegistry,
): void {
  app.route({
    method: VERBS,
    url: '/',
    handler: (request, reply) => dispatchCmd(request, reply, auth, methods),
  });
}

function dispatchCmd(
  request: FastifyRequest,
  reply: FastifyReply,
  auth: AuthService,
  methods: MethodRegistry,
): Promise<FastifyReply> | undefined {
  const cmd = request.cortado.args?.['cmd'];
  if (typeof cmd !== 'string' || cmd === '') {
    reply.callNotFound();
    return undefined;
  }
  if (cmd === 'login') return login(request, reply, auth);
  if (cmd === 'logout') return logout(request, reply, auth, 'v1');
  if ((RUN_DOC_METHOD_COMMANDS as readonly string[]).includes(cmd))
    return runDocMethodRequest(request, reply, 'v1');
  return callMethod(request, reply, methods, cmd, 'v1');
}
