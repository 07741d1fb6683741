import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { WithHttpStatus, WithLogin } from '../../../engine/runtime/method-status.js';
import { MethodResponse } from '../../../engine/runtime/method-response.js';
import { PermissionError, ValidationError } from '../../../core/errors/index.js';
import {
  DEFAULT_METHOD_VERBS,
  type HttpVerb,
  type WhitelistedMethod,
} from '../../../engine/runtime/app-definition.js';
import type { Context } from '../../../engine/context.js';
import type { Site } from '../../../engine/site.js';
import { databaseFreeContext } from '../../../engine/runtime/database-free-context.js';
import { filterReadable } from '../../../engine/permissions/index.js';
import { prepareMethodArgs } from '../../../features/methods/args.js';
import { doctypeMethodPath } from '../../../features/methods/doctype-method-path.js';
import { isKnownPrivateFunction } from '../../../features/methods/private-functions.js';
import { methodRateLimitOf } from '../../../features/rate-limit/method-limit.js';
import type { MethodRegistry } from '../../../features/methods/registry.js';
import { successBody, type ApiVersion } from '../../envelopes.js';
import { escapeHtml } from '../../../core/escape-html.js';
import { isSpecialResponse, sendSpecialResponse } from '../../send-special-response.js';
import { GUEST } from '../../authenticator.js';
import { applyMethodRateLimit } from '../../plugins/rate-limit.js';
import { withRequestContext } from '../../unit-of-work.js';
import { apiScriptFor } from '../../../features/server-scripts/index.js';
import { callScriptMethod } from './api-script-call.js';

/** Every verb is routed so that the disallowed ones get Frappe's 403, not a 404. */
const ROUTED_VERBS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD'];

/**
 * `/api/method/{dotted.path}` (also `/api/v1/…`) and `/api/v2/method/{path}`:
 * finds the whitelisted function, applies Frappe's whitelist rules, prepares
 * its arguments and runs it in one unit of work — committed for unsafe verbs,
 * read-only for GET — answering `{"message": …}` (v1) or `{"data": …}` (v2).
 */
export function registerMethodRoutes(app: FastifyInstance, methods: MethodRegistry): void {
  const routes: Array<[string, ApiVersion]> = [
    ['/api/method/*', 'v1'],
    ['/api/v1/method/*', 'v1'],
    ['/api/v2/method/*', 'v2'],
  ];
  for (const [url, version] of routes) {
    app.route({
      method: ROUTED_VERBS,
      url,
      exposeHeadRoute: false,
      handler: (request, reply) =>
        callMethod(request, reply, methods, methodPath(request, methods, version), version),
    });
  }
}

/**
 * Calls the whitelisted method at dotted `path` for the request and sends
 * its envelope. Shared by `/api/method/*` and the legacy `cmd` dispatch.
 */
export async function callMethod(
  request: FastifyRequest,
  reply: FastifyReply,
  methods: MethodRegistry,
  path: string,
  version: ApiVersion,
): Promise<FastifyReply> {
  const { site, args = {}, messages, debugLog } = request.cortado;
  if (site === undefined) throw new Error('method route reached without a site');
  // An API Server Script answers before any whitelisted function of the same path (§B3).
  const script = await apiScriptFor(site, path);
  if (script !== undefined) return callScriptMethod(request, reply, script, version);
  const method = methods.get(path) ?? site.apps.method(path);
  if (method === undefined) throw unresolvedMethod(path);
  let result = await invokeMethod(request, method, args);
  if (result instanceof WithHttpStatus) {
    reply.status(result.status);
    result = result.value;
  }
  if (isSpecialResponse(result)) return sendSpecialResponse(reply, result);
  // Frappe leaves `message`/`data` out when the function returns nothing (§5.3).
  return reply.send(successBody(version, responsePayload(result, version), messages, debugLog));
}

/** The body's keys: the result under `message` (v1) or `data` (v2), with any keys the method set itself. */
function responsePayload(result: unknown, version: ApiVersion): Record<string, unknown> {
  const key = version === 'v1' ? 'message' : 'data';
  if (result instanceof MethodResponse) {
    const message = result.message;
    return message === undefined || message === null
      ? { ...result.keys }
      : { ...result.keys, [key]: message };
  }
  return result === undefined || result === null ? {} : { [key]: result };
}

/**
 * Runs `method` for the request as `/api/method` does — whitelist rules,
 * argument preparation, rate limit and one unit of work — and opens the
 * session a `WithLogin` answer asks for once that work committed. Answers
 * the method's value (a `WithHttpStatus` is left to the caller). Server pages
 * that front a method (`/update-password`) call it too.
 */
export async function invokeMethod(
  request: FastifyRequest,
  method: WhitelistedMethod,
  args: Record<string, unknown>,
): Promise<unknown> {
  const { site, auth = GUEST } = request.cortado;
  if (site === undefined) throw new Error('method reached without a site');
  checkWhitelist(method, auth.user, request.method);
  const callArgs = prepareMethodArgs(method, args, { isGuest: auth.user === GUEST.user });
  const result = await runMethod(site, auth.user, method, callArgs, request);
  if (!(result instanceof WithLogin)) return result;
  const opened = await request.server.cortadoAuth?.loginAs(site, result.user, request.ip);
  if (opened) request.cortado.auth = opened.authentication;
  return result.value;
}

/**
 * A path no registry resolves: Frappe's 403 for the well-known functions
 * that exist but are not whitelisted (and for private `_names`), its 417
 * "Failed to get method" for the rest (docs/spec/api-rest-rpc.md §5.1–5.2).
 */
function unresolvedMethod(path: string): Error {
  if (isKnownPrivateFunction(path)) return notWhitelisted(path);
  return new ValidationError(
    `Failed to get method for command ${escapeHtml(path)} with: no such method`,
  );
}

/**
 * Only the part before the first `/` names the method (§5.1), except v2's
 * `{DocType}/{method}` shorthand (§12.1).
 */
function methodPath(request: FastifyRequest, methods: MethodRegistry, version: ApiVersion): string {
  const rest = (request.params as { '*'?: string })['*'] ?? '';
  const [first = '', second, ...more] = rest.split('/');
  const site = request.cortado.site;
  if (version === 'v2' && second !== undefined && second !== '' && more.length === 0 && site)
    return doctypeMethodPath(site, methods, first, second) ?? first;
  return first;
}

function checkWhitelist(method: WhitelistedMethod, user: string, verb: string): void {
  if (user === GUEST.user && method.allowGuest !== true) throw notWhitelisted(method.path);
  if (!(method.methods ?? DEFAULT_METHOD_VERBS).includes(verb as HttpVerb)) {
    throw new PermissionError('Not permitted', { title: 'Not Permitted' });
  }
}

function notWhitelisted(path: string): Error {
  return new PermissionError(
    '<details><summary>You are not permitted to access this resource. Login to access</summary>' +
      `Function <strong>${escapeHtml(path)}</strong> is not whitelisted.</details>`,
    { title: 'Method Not Allowed' },
  );
}

function runMethod(
  site: Site,
  user: string,
  method: WhitelistedMethod,
  args: Record<string, unknown>,
  request: FastifyRequest,
): Promise<unknown> {
  if (method.usesDatabase === false && methodRateLimitOf(method) === undefined) {
    const { messages } = request.cortado;
    return Promise.resolve(
      method.handler(args, databaseFreeContext(site, user, request.id, messages)),
    );
  }
  return withRequestContext(request, site, user, async (ctx: Context): Promise<unknown> => {
    await applyMethodRateLimit(request, method, ctx);
    // Every method's answer passes the read filter, so no method can leak a field.
    const result = await method.handler(args, ctx);
    return result instanceof MethodResponse
      ? result.map((value) => filterReadable(ctx, value))
      : filterReadable(ctx, result);
  });
}
