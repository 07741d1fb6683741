import type { FastifyInstance, FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';
import { markSessionExpired, writeAuthCookies } from '../auth-cookies.js';
import type { AuthRequest, Authenticator } from '../authenticator.js';

/**
 * Runs the authenticator for every request that reached a site (preHandler,
 * after body parsing), and writes the session cookies on the way out.
 */
export function registerAuthenticate(app: FastifyInstance, authenticate: Authenticator): void {
  app.addHook('preHandler', async (request) => {
    const { site, args } = request.cortado;
    if (site === undefined || request.method === 'OPTIONS') return;
    request.cortado.auth = await authenticate(authRequestOf(request, args ?? {}), site);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    writeAuthCookies(request, reply);
    return markSessionExpired(request, reply, payload);
  });
}

function authRequestOf(request: FastifyRequest, args: Record<string, unknown>): AuthRequest {
  return {
    method: request.method,
    url: request.url,
    headers: request.headers,
    cookies: request.cookies,
    args,
    ip: request.ip,
  };
}
