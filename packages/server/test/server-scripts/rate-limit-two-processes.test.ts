import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { insertDoc } from '../../src/engine/document.js';
import { withContext } from '../../src/engine/runtime/with-context.js';
import { closeScriptPool, forgetScriptsSwitch } from '../../src/features/server-scripts/index.js';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.js';
import { secondProcess } from '../helpers/second-process.js';

const REDIS_URL = process.env['CORTADO_TEST_REDIS'] ?? 'redis://127.0.0.1:6379/0';

// The counters live in Redis; the database under the two processes does not
// matter here, so this runs on SQLite (shared through the site folder).
describe('API script rate limit across two server processes sharing Redis', () => {
  let t: TestApp;
  let first: string;
  let second: { url: string; stop(): Promise<void> };

  before(async () => {
    process.env['CORTADO_SERVER_SCRIPT_ENABLED'] = '1';
    forgetScriptsSwitch();
    t = await buildTestApp({
      name: `rl-scripts-${process.pid}-${Date.now()}.localhost`,
      migrate: true,
      config: { redis_cache: REDIS_URL },
    });
    await withContext(t.site, 'Administrator', (ctx) =>
      insertDoc(ctx, {
        doctype: 'Server Script',
        name: 'Shared limit',
        script_type: 'API',
        api_method: 'shared_limit',
        allow_guest: 1,
        enable_rate_limit: 1,
        rate_limit_count: 3,
        // Long enough that slow first calls (each process starts its Python
        // workers then) on a loaded machine never outlast the window.
        rate_limit_seconds: 3600,
        script: 'frappe.response["message"] = "ok"',
      }),
    );
    first = await t.app.listen({ port: 0, host: '127.0.0.1' });
    second = await secondProcess(t);
  });
  after(async () => {
    await second?.stop();
    await t?.close();
    await closeScriptPool();
  });

  it('counts calls to either process in one bucket', async () => {
    const status = async (base: string) =>
      (await fetch(`${base}/api/method/shared_limit`, { headers: { host: t.site.name } })).status;
    assert.deepEqual(
      [await status(first), await status(second.url), await status(first)],
      [200, 200, 200],
    );
    assert.equal(await status(second.url), 429);
    assert.equal(await status(first), 429);
  });
});
