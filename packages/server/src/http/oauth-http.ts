import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The issuer and base of every URL we publish: `host_name` from the site
 * config when set (a TLS proxy in front), else the request's scheme and host.
 */
export function issuerOf(request: FastifyRequest): string {
  const configured = request.cortado.site?.config.host_name;
  if (typeof configured === 'string' && configured !== '') return configured.replace(/\/+$/, '');
  return `${request.protocol}://${request.host}`;
}

/** The raw `Authorization` header, when there is exactly one. */
export function authorizationOf(request: FastifyRequest): string | undefined {
  const value = request.headers.authorization;
  return typeof value === 'string' ? value : undefined;
}

/** An OAuth answer: plain JSON with the given status (never Frappe's envelope). */
export function sendJson(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}
