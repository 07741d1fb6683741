import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type BrowserContext } from 'playwright-core';
import { DIALECTS } from '@cortado/server/test/helpers/dialects.js';
import {
  INTEGRATION_USER,
  TODOS,
  startCompatServer,
  type CompatServer,
} from '@cortado/server/test/compat/compat-server.js';
import { CHROMIUM, CHROMIUM_ARGS } from '@cortado/server/test/helpers/chromium.js';
import { sourceFile } from '@cortado/server/test/helpers/source-tree.js';
import { SDK_APP } from './sdk-app.js';

/** A plain .mjs build script without declarations, beside the sources. */
const { buildBrowserBundle } = (await import(
  new URL('../scripts/build-browser.mjs', sourceFile(import.meta.url)).href
)) as { buildBrowserBundle(): Promise<unknown> };

/*
 * The built browser bundle in Debian's Chromium, driven by playwright-core:
 * a page on the server's own origin logs in (the browser keeps the cookie,
 * the SDK the CSRF token, which the site enforces) and runs frappe.call in
 * its callback and promise forms (a failed callback-only call leaves no
 * unhandled rejection), frappe.xcall, a paged list, a File upload
 * (the upload script beside the core bundle) and logout.
 */

interface Bundle {
  readonly code: string;
  readonly minBytes: number;
  readonly gzipBytes: number;
  readonly upload: { readonly code: string; readonly minBytes: number; readonly gzipBytes: number };
}

/** What the page does, in plain browser JavaScript against `window.cortado`. */
const PAGE_SCRIPT = `
(async ({ usr, pwd }) => {
  let unhandled = 0;
  addEventListener('unhandledrejection', () => unhandled++);
  const client = new cortado.CortadoClient({ url: location.origin });
  const login = await client.login(usr, pwd);
  cortado.installFrappe(client);
  const callback = await new Promise((resolve) =>
    frappe.call({
      method: 'my_app.api.my_function',
      args: { param1: 'a', param2: 'b' },
      freeze: true,
      freeze_message: 'Processing...',
      callback: (r) => resolve(r.message),
    }),
  );
  const promise = (await frappe.call({ method: 'sdk_app.api.echo', args: { n: 1, list: [1, 2] } })).message;
  const short = (await frappe.call('sdk_app.api.echo', { s: 'x' })).message;
  const user = await frappe.xcall('frappe.auth.get_logged_user');
  const viaGet = await frappe.xcall('sdk_app.api.read_only', {}, 'GET');
  const failure = await new Promise((resolve) =>
    frappe.call({
      method: 'sdk_app.api.fail',
      error: (e) =>
        resolve({ name: e.name, status: e.status, message: e.message, typed: e instanceof cortado.ValidationError }),
    }),
  );
  // Callback only, promise ignored until the very end: Frappe's page runs on, no unhandled rejection.
  const ignored = frappe.call({ method: 'sdk_app.api.fail', callback: () => {} });
  const rows = [];
  for await (const row of client.iterateList('ToDo', { fields: ['description'], orderBy: 'description asc', pageSize: 2 }))
    rows.push(row.description);
  const inserted = await client.insert('ToDo', { description: 'Written from the browser' });
  const file = await cortadoUpload.uploadFile(client, {
    file: new File(['bytes from the browser'], 'browser.txt', { type: 'text/plain' }),
    isPrivate: true,
    doctype: 'ToDo',
    docname: inserted.name,
  });
  const uploaded = { url: file.file_url, attached: file.attached_to_name === inserted.name, text: await (await fetch(file.file_url)).text() };
  await client.logout();
  let afterLogout;
  try {
    await frappe.xcall('frappe.auth.get_logged_user');
  } catch (e) {
    afterLogout = { name: e.name, status: e.status };
  }
  const callbackOnly = { settled: await ignored.then(() => 'resolved', (e) => e.name), unhandled };
  return { login: login.message, callback, promise, short, user, viaGet, failure, callbackOnly, rows, inserted: inserted.description, uploaded, afterLogout };
})`;

function page(bundle: Bundle): string {
  const credentials = JSON.stringify({
    usr: INTEGRATION_USER.email,
    pwd: INTEGRATION_USER.password,
  });
  return `<!doctype html><html><head><meta charset="utf-8"><title>SDK</title></head><body>
<script>${bundle.code}</script>
<script>${bundle.upload.code}</script>
<script>${PAGE_SCRIPT}(${credentials}).then((r) => { window.__result = r; }, (e) => { window.__result = { failed: String(e && e.stack || e) }; });</script>
</body></html>`;
}

describe('@cortado/client in Chromium', () => {
  let bundle: Bundle;
  before(async () => void (bundle = (await buildBrowserBundle()) as Bundle));

  it('the core bundle stays under 12 kB min+gzip', () => {
    console.log(
      `browser bundle: ${bundle.minBytes} bytes minified, ${bundle.gzipBytes} bytes min+gzip`,
    );
    console.log(
      `upload script: ${bundle.upload.minBytes} bytes minified, ${bundle.upload.gzipBytes} bytes min+gzip`,
    );
    assert.ok(bundle.gzipBytes < 12 * 1024, `${bundle.gzipBytes} bytes`);
    assert.doesNotMatch(
      bundle.code,
      /crypto\.subtle|code_challenge/,
      'webhooks and OAuth stay out of the core',
    );
  });

  for (const dialect of DIALECTS) {
    describe(`against a live server on ${dialect}`, () => {
      let server: CompatServer;
      let browser: BrowserContext;
      let profile: string;
      before(async () => {
        // A fresh profile per run: no cookies or cache carried between dialects.
        profile = await mkdtemp(join(tmpdir(), 'cortado-chromium-'));
        browser = await chromium.launchPersistentContext(profile, {
          executablePath: CHROMIUM,
          headless: true,
          args: CHROMIUM_ARGS,
        });
        server = await startCompatServer(dialect, {
          apps: [SDK_APP],
          config: { enforce_csrf: true },
        });
      });
      after(async () => {
        // The browser first: its keep-alive connections would hold the server's close open.
        await browser?.close();
        await server?.close();
        if (profile !== undefined) await rm(profile, { recursive: true, force: true });
      });

      it('frappe.call, frappe.xcall, a paged getList, a session login and a File upload', async () => {
        const tab = await browser.newPage();
        const listRequests: string[] = [];
        tab.on('request', (request) => {
          if (request.url().includes('/api/resource/ToDo?')) listRequests.push(request.url());
        });
        await tab.route(`${server.url}/sdk-test.html`, (route) =>
          route.fulfill({ status: 200, contentType: 'text/html', body: page(bundle) }),
        );
        await tab.goto(`${server.url}/sdk-test.html`);
        await tab.waitForFunction(
          () => (globalThis as { __result?: unknown }).__result !== undefined,
          null,
          {
            timeout: 60_000,
          },
        );
        const result = (await tab.evaluate(
          () => (globalThis as { __result?: unknown }).__result,
        )) as Record<string, unknown>;
        await tab.close();
        assert.equal(result['failed'], undefined, String(result['failed']));
        assert.deepEqual(result, {
          login: 'Logged In',
          callback: { result: 'value' },
          promise: { n: 1, list: [1, 2] },
          short: { s: 'x' },
          user: INTEGRATION_USER.email,
          viaGet: 'read',
          failure: {
            name: 'ValidationError',
            status: 417,
            message: 'Amount must be positive',
            typed: true,
          },
          callbackOnly: { settled: 'ValidationError', unhandled: 0 },
          rows: [...TODOS].sort(),
          inserted: 'Written from the browser',
          uploaded: {
            url: '/private/files/browser.txt',
            attached: true,
            text: 'bytes from the browser',
          },
          afterLogout: { name: 'PermissionError', status: 403 },
        });
        assert.equal(listRequests.length, 2, 'three ToDos in pages of two');
      });
    });
  }
});
