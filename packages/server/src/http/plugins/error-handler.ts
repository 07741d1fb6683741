import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DoesNotExistError } from '../../core/errors/index.js';
import { describeError, type ErrorInfo } from '../error-info.js';
import { errorBody, type ApiVersion } from '../envelopes.js';

/** `/api/v2/…` answers in the v2 shape; everything else in v1's. */
export function apiVersionOf(url: string): ApiVersion {
  return url.startsWith('/api/v2/') || url === '/api/v2' ? 'v2' : 'v1';
}

/**
 * One place where every failure becomes a Frappe error body with Frappe's
 * status: FrappeErrors as they are, Fastify's input errors translated,
 * anything else masked as a 500 whose details go only to the log (and to the
 * body in developer mode for System Users, docs/spec/api-rest-rpc.md §8.4).
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler(async (error, request, reply) => {
    const info = describeError(error);
    logError(request, info);
    return sendError(request, reply, info);
  });
  app.setNotFoundHandler(async (request, reply) => {
    // Frappe answers unmatched /api/ paths with a bare DoesNotExistError 404 (§4, vector A14).
    const info = describeError(new DoesNotExistError(''));
    return sendError(request, reply, info);
  });
}

/**
 * Fastify's router rejects some requests before any hook runs (a path
 * parameter over `maxParamLength`, a malformed percent-encoding); they get
 * the same Frappe body as every other error.
 */
export function frameworkErrorHandler(
  error: Error,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const info = describeError(error);
  logError(request, info);
  void sendError(request, reply, info);
}

function sendError(request: FastifyRequest, reply: FastifyReply, info: ErrorInfo): FastifyReply {
  const state = request.cortado as typeof request.cortado | null;
  if (state) state.excType = info.excType;
  const body = errorBody(apiVersionOf(request.url), info, {
    messages: state?.messages ?? [],
    showTraceback: tracebacksAllowed(request),
  });
  return reply.code(info.status).type('application/json; charset=utf-8').send(body);
}

function tracebacksAllowed(request: FastifyRequest): boolean {
  const state = request.cortado as typeof request.cortado | null;
  return state?.site?.config.developer_mode === true && state.auth?.systemUser === true;
}

function logError(request: FastifyRequest, info: ErrorInfo): void {
  if (info.unexpected) request.log.error({ err: info.error }, 'unhandled error');
  else if (info.status >= 500) request.log.warn({ err: info.error }, info.excType);
  else request.log.info({ excType: info.excType, status: info.status }, 'request failed');
}
