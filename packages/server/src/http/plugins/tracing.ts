import { FastifyOtelInstrumentation } from '@fastify/otel';
import type { FastifyInstance } from 'fastify';

/** Probes and the metrics page are polled every few seconds; their spans would drown the real ones. */
const UNTRACED = new Set(['/metrics', '/api/health/live', '/api/health/ready']);

/**
 * OpenTelemetry spans for each request (its hooks and handler as children),
 * through `@fastify/otel` and the global tracer provider of
 * `@opentelemetry/api`. Cortado ships no SDK: the operator starts the
 * process with `node --import` of a file that registers one and its
 * exporter. Without it the API's no-op tracer records nothing. Each request
 * span carries Cortado's request id, so a trace and its log lines meet.
 * Must be registered before the routes it should cover.
 */
export async function registerTracing(app: FastifyInstance): Promise<void> {
  const instrumentation = new FastifyOtelInstrumentation({
    ignorePaths: (route) => UNTRACED.has(route.url),
    requestHook: (span, request) => span.setAttribute('cortado.request_id', request.id),
  });
  await app.register(instrumentation.plugin());
}
