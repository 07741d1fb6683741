import type { FastifyInstance } from 'fastify';
import { ServiceUnavailableError } from '../../core/errors/index.js';
import type { RouteFlags } from '../request-state.js';

/**
 * Probes for orchestrators: `live` says the process serves HTTP (no site, no
 * database); `ready` says the request's site can reach its database (503 otherwise).
 */
export function registerHealthRoutes(app: FastifyInstance): void {
  app.get('/api/health/live', { config: { siteless: true } satisfies RouteFlags }, async () => ({
    status: 'ok',
  }));
  app.get('/api/health/ready', async (request) => {
    const site = request.cortado.site;
    try {
      await site?.db.ping();
    } catch (error) {
      throw new ServiceUnavailableError('Database unavailable', { cause: error });
    }
    return { status: 'ok' };
  });
}
