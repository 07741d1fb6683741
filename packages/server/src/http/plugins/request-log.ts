import type { FastifyInstance } from 'fastify';
import type { Logger } from '../../core/logger.js';

/**
 * One compact line per finished request. Fastify's own request logging is off
 * because it logs the raw request object; this line carries only safe facts
 * (the logger redacts secret `key=value` pairs in the URL). At a level above
 * `info` (site config `log_level`) the line is not even built.
 */
export function registerRequestLog(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    if (!(request.log as Logger).isLevelEnabled('info')) return;
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
