import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PermissionError, ServiceUnavailableError } from '../../core/errors/index.js';
import type { Site } from '../../engine/site.js';
import { registerSiteGauges } from '../site-gauges.js';
import {
  clusterMetricsText,
  inClusterWorker,
  joinClusterMetrics,
} from '../../platform/metrics/cluster-metrics.js';
import { createProcessMetrics, type ProcessMetrics } from '../../platform/metrics/http-metrics.js';
import type { RouteFlags } from '../request-state.js';

/** Who may read `/metrics` (common_site_config.json: `metrics_token`, `metrics_allow_loopback`). */
export interface MetricsAccess {
  /** A scraper sending `Authorization: Bearer <token>` may read from anywhere. */
  readonly token?: string | null;
  /** A direct (not proxied) connection from this machine may read without the token. Default true. */
  readonly allowLoopback?: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Prometheus metrics: every answered request is counted and timed under its
 * route family (the route pattern, so ids in URLs never become labels),
 * failures by `exc_type`; `/metrics` serves the registry in Prometheus's
 * text format. In a cluster worker the page is the whole cluster's, which
 * the primary aggregates. Returns the process metrics (tests read them).
 */
export function registerMetrics(app: FastifyInstance, access: MetricsAccess = {}): ProcessMetrics {
  const metrics = createProcessMetrics();
  const served = new Set<Site>();
  registerSiteGauges(metrics.registry, { sites: () => served });
  if (inClusterWorker()) joinClusterMetrics(metrics.registry);
  app.addHook('onResponse', async (request, reply) => {
    const state = request.cortado as typeof request.cortado | null;
    if (state?.site !== undefined) served.add(state.site);
    metrics.observeRequest({
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status: reply.statusCode,
      seconds: reply.elapsedTime / 1000,
      ...(state?.excType === undefined ? {} : { excType: state.excType }),
    });
  });
  app.get(
    '/metrics',
    { config: { siteless: true } satisfies RouteFlags },
    async (request, reply) => {
      assertMayRead(request, access);
      let text: string;
      try {
        text = inClusterWorker() ? await clusterMetricsText() : await metrics.registry.metrics();
      } catch (error) {
        throw new ServiceUnavailableError('Metrics could not be collected', { cause: error });
      }
      return reply.type(metrics.registry.contentType).send(text);
    },
  );
  return metrics;
}

/**
 * With a token configured, the token opens the page from anywhere. Without
 * one (or without the header), only a direct connection from this machine
 * may read: one carrying `X-Forwarded-For` or `Forwarded` came through a
 * proxy, which on this machine would otherwise make any client look local.
 */
function assertMayRead(request: FastifyRequest, access: MetricsAccess): void {
  const given = bearerOf(request.headers.authorization);
  if (access.token && given !== undefined) {
    if (sameSecret(given, access.token)) return;
    throw new PermissionError('Invalid metrics token');
  }
  const proxied =
    request.headers['x-forwarded-for'] !== undefined || request.headers.forwarded !== undefined;
  const local = LOOPBACK.has(request.socket.remoteAddress ?? '');
  if (access.allowLoopback !== false && local && !proxied) return;
  throw new PermissionError('Not permitted to read metrics');
}

function bearerOf(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}

/** Constant-time comparison of digests, so neither length nor content leaks through timing. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
