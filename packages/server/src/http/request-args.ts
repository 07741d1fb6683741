import type { FastifyRequest } from 'fastify';
import { ValidationError } from '../core/errors/index.js';

/**
 * Frappe's request argument dictionary (docs/spec/api-rest-rpc.md §2.1): a non-empty
 * JSON body on its own (an array becomes `{data: [...]}`), otherwise the
 * query string with form fields layered on top. Repeated keys keep their
 * first value; `_` (a cache buster) is dropped.
 */
export function requestArgs(request: FastifyRequest): Record<string, unknown> {
  const args = isJsonBody(request) ? jsonArgs(request.body) : formArgs(request);
  delete args._;
  return args;
}

function isJsonBody(request: FastifyRequest): boolean {
  const body = request.body;
  return body !== undefined && isJsonContentType(request.headers['content-type']);
}

/** `application/json` and every `application/*+json`. */
export function isJsonContentType(contentType: string | undefined): boolean {
  const type = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || /^application\/[^/]+\+json$/.test(type);
}

function jsonArgs(body: unknown): Record<string, unknown> {
  if (Array.isArray(body)) return { data: body };
  if (typeof body === 'object' && body !== null) return { ...(body as Record<string, unknown>) };
  throw new ValidationError('Invalid request arguments');
}

function formArgs(request: FastifyRequest): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const source of [request.query, request.body]) {
    if (typeof source !== 'object' || source === null || Array.isArray(source)) continue;
    for (const [key, value] of Object.entries(source as Record<string, unknown>)) {
      args[key] = Array.isArray(value) ? value[0] : value;
    }
  }
  return args;
}
