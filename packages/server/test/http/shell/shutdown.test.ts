import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AppDefinition } from '../../../src/engine/runtime/app-definition.js';
import { buildTestApp, type TestApp } from '../../helpers/build-test-app.js';

/** The slow method tells the test when it has started and waits for the test to release it. */
let markStarted: () => void = () => {};
let release: () => void = () => {};

function armSlowMethod(): { started: Promise<void> } {
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  return { started };
}

const slowApp: AppDefinition = {
  name: 'slow_test',
  version: '0.0.1',
  doctypes: [],
  methods: [
    {
      path: 'slow_test.api.wait',
      allowGuest: true,
      handler: async () => {
        const released = new Promise<void>((resolve) => (release = resolve));
        markStarted();
        await released;
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
    const { started } = armSlowMethod();
    const inFlight = fetch(`${url}/api/method/slow_test.api.wait`);
    // The request is in the handler before the server starts closing: no timing guess.
    await started;
    const closing = t.app.close();
    release();
    const response = await inFlight;
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { message: 'done' });
    await closing;
    await assert.rejects(fetch(`${url}/api/method/ping`));
  });
});
