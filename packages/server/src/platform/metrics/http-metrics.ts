import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Buckets in seconds: from a cached GET (a few ms) to a slow report (10 s). */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** One finished request, as the metrics see it. */
export interface RequestSample {
  readonly method: string;
  /** The route family: the route's pattern (`/api/resource/:doctype/:name`), never the raw URL. */
  readonly route: string;
  readonly status: number;
  readonly seconds: number;
  /** The error's `exc_type` when the request failed with a Frappe error body. */
  readonly excType?: string;
}

/** The process's metrics: one prom-client registry and the instruments the HTTP layer feeds. */
export interface ProcessMetrics {
  readonly registry: Registry;
  observeRequest(sample: RequestSample): void;
}

/**
 * A fresh registry per app (tests build many apps in one process; the global
 * registry would refuse the second set of names) holding Node's default
 * metrics — event-loop lag among them — and the request instruments.
 * Counters aggregate across cluster workers by summing (prom-client's default);
 * the latency histogram too, bucket by bucket.
 */
export function createProcessMetrics(): ProcessMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  const requests = new Counter({
    name: 'cortado_http_requests_total',
    help: 'HTTP requests answered, by method, route family and status code.',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'cortado_http_request_duration_seconds',
    help: 'Time from receiving a request to sending the last byte of its answer, by method and route family.',
    labelNames: ['method', 'route'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const errors = new Counter({
    name: 'cortado_http_errors_total',
    help: 'Requests answered with a Frappe error body, by exc_type and status code.',
    labelNames: ['exc_type', 'status'],
    registers: [registry],
  });
  return {
    registry,
    observeRequest(sample) {
      const status = String(sample.status);
      requests.inc({ method: sample.method, route: sample.route, status });
      latency.observe({ method: sample.method, route: sample.route }, sample.seconds);
      if (sample.excType !== undefined) errors.inc({ exc_type: sample.excType, status });
    },
  };
}
