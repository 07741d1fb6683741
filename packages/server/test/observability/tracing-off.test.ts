import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { tracerProviderRegistered } from '../../src/http/plugins/tracing.js';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.js';

// No SDK registered in this process (unlike tracing.test.ts, which is a file of its own).
describe('OpenTelemetry tracing without an SDK', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ migrate: true });
  });
  after(() => t.close());

  it('leaves the request hooks unwrapped and still serves', async () => {
    assert.equal(await tracerProviderRegistered(), false);
    assert.equal(t.app.hasPlugin('@fastify/otel'), false);
    const res = await t.app.inject({
      url: '/api/resource/ToDo?limit_page_length=1',
      headers: { 'x-test-user': 'Administrator' },
    });
    assert.equal(res.statusCode, 200, res.body);
  });

  it('sees a provider an SDK registers', async () => {
    const provider = new NodeTracerProvider();
    provider.register();
    try {
      assert.equal(await tracerProviderRegistered(), true);
    } finally {
      await provider.shutdown();
    }
  });
});
