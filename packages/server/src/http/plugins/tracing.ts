import type { FastifyInstance } from 'fastify';

/** Probes and the metrics page are polled every few seconds; their spans would drown the real ones. */
const UNTRACED = new Set(['/metrics', '/api/health/live', '/api/health/ready']);

/**
 * Where `@opentelemetry/api` 1.x keeps what is registered with it, on the
 * global object, so that every copy of the package in a process shares it.
 * Until something registers (an SDK, a propagator, a diagnostic logger) it is
 * absent, and a process need not load the API's ~40 modules to learn that
 * nothing traces.
 */
const OTEL_GLOBALS = Symbol.for('opentelemetry.js.api.1');

/** Whether an SDK has registered a tracer provider with `@opentelemetry/api`. */
export async function tracerProviderRegistered(): Promise<boolean> {
  if (!(OTEL_GLOBALS in globalThis)) return false;
  const { ProxyTracerProvider, trace } = await import('@opentelemetry/api');
  // What the global provider delegates to while no SDK has registered one.
  const noSdk = new ProxyTracerProvider().getDelegate();
  const provider = trace.getTracerProvider();
  const delegate = provider instanceof ProxyTracerProvider ? provider.getDelegate() : provider;
  return delegate !== noSdk;
}

/**
 * OpenTelemetry spans for each request (its hooks and handler as children),
 * through `@fastify/otel` and the global tracer provider of
 * `@opentelemetry/api`. Cortado ships no SDK: the operator starts the
 * process with `node --import` of a file that registers one and its
 * exporter, so it is in place before the app is built. Without one nothing
 * is registered: the no-op spans would record nothing, yet wrapping every
 * hook in them cost about a third of a `ping`'s CPU time, and the module
 * itself ~17 MB of memory. Each request
 * span carries Cortado's request id, so a trace and its log lines meet.
 * Must be registered before the routes it should cover.
 */
export async function registerTracing(app: FastifyInstance): Promise<void> {
  if (!(await tracerProviderRegistered())) return;
  const { FastifyOtelInstrumentation } = await import('@fastify/otel');
  const instrumentation = new FastifyOtelInstrumentation({
    ignorePaths: (route) => UNTRACED.has(route.url),
    requestHook: (span, request) => span.setAttribute('cortado.request_id', request.id),
  });
  await app.register(instrumentation.plugin());
}
