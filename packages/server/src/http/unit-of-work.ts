import type { FastifyRequest } from 'fastify';
import type { Context } from '../engine/context.js';
import type { Site } from '../engine/site.js';
import { withContext } from '../engine/runtime/with-context.js';
import { inMaintenance } from './maintenance.js';

/** Verbs after which Frappe commits; any other verb's work is rolled back (docs/spec/api-rest-rpc.md §7). */
const COMMITTING_VERBS: ReadonlySet<string> = new Set(['POST', 'PUT', 'DELETE', 'PATCH']);

/** Whether the request's unit of work is read-only: every verb but the committing ones. */
export function isReadOnlyRequest(request: FastifyRequest): boolean {
  return !COMMITTING_VERBS.has(request.method.toUpperCase());
}

/**
 * Opens the one unit of work of an API request (resource, method and Server
 * Script routes alike): the site's database as `user`, read-only by the
 * request's verb unless `readOnly` says otherwise, writes denied while the
 * site is in maintenance, and the request's message and debug logs on the
 * context.
 */
export function withRequestContext<T>(
  request: FastifyRequest,
  site: Site,
  user: string,
  fn: (ctx: Context) => Promise<T>,
  readOnly = isReadOnlyRequest(request),
): Promise<T> {
  const { messages, debugLog } = request.cortado;
  return withContext(site, user, (ctx) => fn({ ...ctx, messages, debugLog }), {
    readOnly,
    requestId: request.id,
    denyWrites: inMaintenance(site),
  });
}
