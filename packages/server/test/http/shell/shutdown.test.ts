import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AppDefinition } from '../../../src/engine/app.js';
import { buildTestApp, type TestApp } from '../../helpers/build-test-app.js';

const slowApp: AppDefinition = {
  name: 'slow_test',
  version: '0.0.1',
  doctypes: [],
  methods: [
    {
      path: 'slow_test.api.wait',
      allowGuest: true,
      handler: async () => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        return 'done';
      },
    },
  ],
};

describe('graceful shutdown on a real socket', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ apps: [slowApp] });
  });
  after(() => t.database.drop());

  it('finishes the in-flight request, then refuses new ones', async () => {
    const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const inFlight = fetch(`${url}/api/method/slow_test.api.wait`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closing = t.app.close();
    const response = await inFlight;
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { message: 'done' });
    await closing;
    await assert.rejects(fetch(`${url}/api/method/ping`));
  });
});
