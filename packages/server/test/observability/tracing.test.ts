import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.js';
import { waitFor } from '../helpers/wait-for.js';

// What an operator's `node --import` file does: register an SDK and an exporter.
const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
provider.register();

describe('OpenTelemetry tracing', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ migrate: true });
  });
  after(async () => {
    await t.close();
    await provider.shutdown();
  });

  it('exports a span per request, carrying the route and the request id', async () => {
    assert.equal(t.app.hasPlugin('@fastify/otel'), true);
    exporter.reset();
    const res = await t.app.inject({
      url: '/api/resource/ToDo?limit_page_length=1',
      headers: { 'x-test-user': 'Administrator', 'x-request-id': 'trace-me-1' },
    });
    assert.equal(res.statusCode, 200, res.body);
    const request = await waitFor('the request span', () =>
      exporter
        .getFinishedSpans()
        .find((span) => span.attributes['cortado.request_id'] === 'trace-me-1'),
    );
    assert.equal(request.attributes['http.route'], '/api/resource/:doctype');
    const children = exporter
      .getFinishedSpans()
      .filter((span) => span.spanContext().traceId === request.spanContext().traceId);
    assert.ok(children.length > 1, 'hooks and handler are child spans of the request');
  });

  it('marks a failed request on its span and skips the probes', async () => {
    exporter.reset();
    await t.app.inject({ url: '/api/health/live', headers: { 'x-request-id': 'probe-1' } });
    const res = await t.app.inject({
      url: '/api/resource/ToDo/missing',
      headers: { 'x-test-user': 'Administrator', 'x-request-id': 'trace-me-2' },
    });
    assert.equal(res.statusCode, 404);
    const failed = await waitFor('the failed request span', () =>
      exporter
        .getFinishedSpans()
        .find((span) => span.attributes['cortado.request_id'] === 'trace-me-2'),
    );
    assert.equal(failed.attributes['http.response.status_code'], 404);
    assert.ok(
      !exporter
        .getFinishedSpans()
        .some((span) => span.attributes['cortado.request_id'] === 'probe-1'),
      'liveness probes are not traced',
    );
  });
});
