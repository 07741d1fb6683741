import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SiteConfig } from '../../core/config/site-config.js';

/**
 * Frappe's CORS (docs/spec/api-rest-rpc.md §10), a small hook rather than @fastify/cors:
 * the allow-list is per site, the request's Origin is echoed (never `*`),
 * a preflight echoes the requested method and headers, and `OPTIONS` on any
 * path answers 200 with an empty body whether or not the origin is allowed.
 */
export function registerCors(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    const config = request.cortado.site?.config;
    if (config === undefined) return;
    const origin = request.headers.origin;
    if (origin !== undefined && originAllowed(config, origin))
      addCorsHeaders(request, reply, origin, config);
    if (request.method === 'OPTIONS') return reply.code(200).send('');
  });
}

/** True when site config `allow_cors` admits the origin (`"*"`, one origin, or a list). */
export function originAllowed(config: SiteConfig, origin: string): boolean {
  const allowed = config.allow_cors;
  if (allowed === null || allowed === undefined) return false;
  const list = typeof allowed === 'string' ? [allowed] : allowed;
  return list.includes('*') || list.includes(origin);
}

export function addCorsHeaders(
  request: FastifyRequest,
  reply: FastifyReply,
  origin: string,
  config: SiteConfig,
): void {
  reply.header('access-control-allow-origin', origin);
  reply.header('access-control-allow-credentials', 'true');
  reply.header('vary', 'Origin');
  if (request.method !== 'OPTIONS') return;
  const method = request.headers['access-control-request-method'];
  const headers = request.headers['access-control-request-headers'];
  if (method !== undefined) reply.header('access-control-allow-methods', method);
  if (headers !== undefined) reply.header('access-control-allow-headers', headers);
  if (!config.developer_mode) reply.header('access-control-max-age', '86400');
}
