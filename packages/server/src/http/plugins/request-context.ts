import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { DoesNotExistError, RequestEntityTooLarge } from '../../core/errors/index.js';
import { assertSiteOpen } from '../maintenance.js';
import type { RouteFlags } from '../request-state.js';
import { createSiteSelector, type SitesOption } from '../site-resolver.js';

const NO_STORE = 'no-store,no-cache,must-revalidate,max-age=0';
const SAFE_REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * Request id: the caller's `X-Request-Id` when it is a sane token (so a
 * proxy's id carries through the logs), else a fresh UUID.
 */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * First step of every request: fresh per-request state, the site (docs/spec/api-rest-rpc.md
 * §1 step 1, unknown → 404), maintenance mode (step 2), the site's body-size cap (step 3, → 413), and
 * the response headers every answer carries.
 */
export function registerRequestContext(
  app: FastifyInstance,
  sites: SitesOption,
  defaultSite?: string,
): void {
  const selectSite = createSiteSelector(sites, defaultSite);
  app.decorateRequest('cortado', null as never);
  app.addHook('onRequest', async (request, reply) => {
    request.cortado = { messages: [], debugLog: [] };
    reply.header('x-request-id', request.id);
    if ((request.routeOptions.config as RouteFlags).siteless === true) return;
    const header = request.headers['x-frappe-site-name'];
    const site = await selectSite(
      typeof header === 'string' ? header : undefined,
      request.headers.host,
    );
    if (site === undefined) throw new DoesNotExistError('Site not found', { title: 'Not Found' });
    request.cortado.site = site;
    assertSiteOpen(site);
    const length = Number(request.headers['content-length'] ?? 0);
    if (length > site.config.max_file_size) {
      throw new RequestEntityTooLarge('Request body is too large');
    }
  });
  app.addHook('onSend', async (_request, reply) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', NO_STORE);
  });
}
