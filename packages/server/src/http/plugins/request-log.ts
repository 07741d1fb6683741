import type { FastifyInstance } from 'fastify';

/**
 * One compact line per finished request. Fastify's own request logging is off
 * because it logs the raw request object; this line carries only safe facts
 * (the logger redacts secret `key=value` pairs in the URL).
 */
export function registerRequestLog(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        url: request.url,
        site: request.cortado?.site?.name,
        user: request.cortado?.auth?.user,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });
}
