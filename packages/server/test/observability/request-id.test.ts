import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildApp } from '../../src/app.js';
import { createLogger } from '../../src/core/logger.js';
import { buildTestApp, testAuthenticator } from '../helpers/build-test-app.js';

/** An app logging at `info` into an array, one parsed object per line. */
async function loggingApp(trustRequestId?: boolean) {
  const t = await buildTestApp({ migrate: true });
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    level: 'info',
    destination: { write: (line: string) => lines.push(JSON.parse(line)) },
  });
  const app = await buildApp({
    sites: [t.site],
    logger,
    authenticate: testAuthenticator,
    ...(trustRequestId === undefined ? {} : { trustRequestId }),
  });
  return {
    app,
    lines,
    async close() {
      await app.close();
      await t.close();
    },
  };
}

describe('request ids in log lines', () => {
  it("every line of a request carries the caller's X-Request-ID", async () => {
    const t = await loggingApp();
    try {
      const res = await t.app.inject({
        url: '/api/resource/ToDo/missing',
        headers: { 'x-test-user': 'Administrator', 'x-request-id': 'proxy-id-42' },
      });
      assert.equal(res.statusCode, 404);
      assert.equal(res.headers['x-request-id'], 'proxy-id-42');
      const ofRequest = t.lines.filter((line) => line['reqId'] !== undefined);
      assert.ok(ofRequest.length >= 2, JSON.stringify(t.lines)); // the failure and the request line
      assert.ok(ofRequest.every((line) => line['reqId'] === 'proxy-id-42'));
      assert.ok(t.lines.some((line) => line['msg'] === 'request failed'));
      assert.ok(t.lines.some((line) => line['msg'] === 'request'));
    } finally {
      await t.close();
    }
  });

  it('with trust_request_id off, a fresh id replaces the given one everywhere', async () => {
    const t = await loggingApp(false);
    try {
      const res = await t.app.inject({
        url: '/api/method/ping',
        headers: { 'x-request-id': 'spoofed-id' },
      });
      const id = String(res.headers['x-request-id']);
      assert.match(id, /^[0-9a-f-]{36}$/);
      const line = t.lines.find((entry) => entry['msg'] === 'request');
      assert.equal(line?.['reqId'], id);
      assert.ok(!JSON.stringify(t.lines).includes('spoofed-id'));
    } finally {
      await t.close();
    }
  });
});
