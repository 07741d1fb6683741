import type { FastifyInstance } from 'fastify';
import { ServiceUnavailableError } from '../../core/errors/index.js';
import { pingJobBackend } from '../../features/jobs/index.js';
import type { RequestState, RouteFlags } from '../request-state.js';

type CheckName = 'database' | 'redis_cache' | 'queue';
type CheckResult = 'ok' | 'down' | 'not configured';

/**
 * Probes for orchestrators: `live` says the process serves HTTP (no site, no
 * database); `ready` says the request's site can reach its database, the
 * Redis of its cache and rate limits (`redis_cache`) and its job queue
 * (`redis_queue`, or the database for the embedded queue). One that does not
 * answer makes the probe 503, its message naming which.
 */
export function registerHealthRoutes(app: FastifyInstance): void {
  app.get('/api/health/live', { config: { siteless: true } satisfies RouteFlags }, async () => ({
    status: 'ok',
  }));
  app.get('/api/health/ready', async (request) => {
    const checks = await readiness(request.cortado);
    const down = Object.entries(checks).filter(([, result]) => result === 'down');
    if (down.length > 0) {
      const names = down.map(([name]) => name).join(', ');
      throw new ServiceUnavailableError(`${capitalise(names)} unavailable`);
    }
    return { status: 'ok', checks };
  });
}

async function readiness(state: RequestState): Promise<Record<CheckName, CheckResult>> {
  const site = state.site;
  if (site === undefined) return { database: 'down', redis_cache: 'down', queue: 'down' };
  const probe = async (configured: boolean, fn: () => Promise<void>): Promise<CheckResult> => {
    if (!configured) return 'not configured';
    return fn().then(
      () => 'ok',
      () => 'down',
    );
  };
  const [database, redisCache, queue] = await Promise.all([
    probe(true, () => site.db.ping()),
    probe(Boolean(site.config.redis_cache), async () => state.limiterStore?.ping()),
    probe(Boolean(site.config.redis_queue), () => pingJobBackend(site)),
  ]);
  return { database, redis_cache: redisCache, queue };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
