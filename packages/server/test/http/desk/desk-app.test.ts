import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../helpers/build-test-app.js';
import { DIALECTS } from '../../helpers/dialects.js';
import { insertDoc } from '../../../src/engine/document.js';
import { withContext } from '../../../src/engine/runtime/with-context.js';
import { CSRF_PLACEHOLDER } from '../../../src/http/routes/desk.js';

/*
 * The Desk's routes (/app: the page with the session's CSRF token, hashed
 * assets, the SPA fallback) and its boot method frappe.sessions.get.
 * The Desk itself is tested in a browser by apps/desk/test/desk.test.ts.
 */

const ADMIN = { 'x-test-user': 'Administrator' };
const CLERK = { 'x-test-user': 'clerk.desk@example.com' };
const SCRIPT = 'console.log("the desk");'.repeat(50);

function fakeBuild(): { dir: string; root: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cortado-desk-route-'));
  const root = join(dir, 'dist');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(
    join(root, 'index.html'),
    `<meta name="csrf-token" content="${CSRF_PLACEHOLDER}"><script src="/app/assets/index-abc.js"></script>`,
  );
  writeFileSync(join(root, 'assets', 'index-abc.js'), SCRIPT);
  writeFileSync(join(dir, 'secret.txt'), 'outside the build');
  return { dir, root };
}

describe('the /app routes', () => {
  let t: TestApp;
  let build: { dir: string; root: string };
  before(async () => {
    build = fakeBuild();
    t = await buildTestApp({ build: { desk: { root: build.root } } });
  });
  after(async () => {
    await t?.close();
    rmSync(build.dir, { recursive: true, force: true });
  });

  it('answers /app and any /app/... route with the page, never cached', async () => {
    for (const url of ['/app', '/app/sales-invoice', '/app/sales-invoice/ACC-SINV-2026-00001']) {
      const res = await t.app.inject({ url });
      assert.equal(res.statusCode, 200, url);
      assert.match(String(res.headers['content-type']), /^text\/html/);
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.match(res.body, /<meta name="csrf-token" content="">/);
    }
  });

  it("puts a cookie session's CSRF token in the page, and none for token logins", async () => {
    const session = await t.app.inject({
      url: '/app/todo',
      headers: { ...ADMIN, 'x-test-session-csrf': 'tok-123' },
    });
    assert.match(session.body, /content="tok-123"/);
    const token = await t.app.inject({ url: '/app/todo', headers: ADMIN });
    assert.match(token.body, /content=""/);
  });

  it('serves hashed assets for a year, gzip-compressed when asked', async () => {
    const plain = await t.app.inject({ url: '/app/assets/index-abc.js' });
    assert.equal(plain.statusCode, 200);
    assert.match(String(plain.headers['content-type']), /javascript/);
    assert.match(String(plain.headers['cache-control']), /immutable/);
    assert.equal(plain.body, SCRIPT);
    const gzip = await t.app.inject({
      url: '/app/assets/index-abc.js',
      headers: { 'accept-encoding': 'gzip, br' },
    });
    assert.equal(gzip.headers['content-encoding'], 'gzip');
    assert.ok(gzip.rawPayload.length < SCRIPT.length);
    assert.equal(gunzipSync(gzip.rawPayload).toString(), SCRIPT);
  });

  it('answers 404 for missing assets and paths out of the build', async () => {
    for (const url of [
      '/app/assets/missing.js',
      '/app/assets/..%2f..%2fsecret.txt',
      '/app/assets/../../secret.txt',
      '/app/assets/%2e%2e/%2e%2e/secret.txt',
    ]) {
      const res = await t.app.inject({ url });
      assert.equal(res.statusCode, 404, url);
      assert.doesNotMatch(res.body, /outside the build/);
    }
  });
});

describe('/app without a build', () => {
  it('answers 404 saying how to build it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cortado-desk-none-'));
    const t = await buildTestApp({ build: { desk: { root: dir } } });
    try {
      const res = await t.app.inject({ url: '/app' });
      assert.equal(res.statusCode, 404);
      assert.match(res.body, /The Desk is not built/);
    } finally {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

for (const dialect of DIALECTS) {
  describe(`frappe.sessions.get on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildTestApp({ dialect, migrate: true });
      await withContext(t.site, 'Administrator', (ctx) =>
        insertDoc(ctx, {
          doctype: 'User',
          email: 'clerk.desk@example.com',
          first_name: 'Clerk',
          send_welcome_email: 0,
        }),
      );
    });
    after(() => t?.close());

    const boot = async (headers: Record<string, string>) => {
      const res = await t.app.inject({ url: '/api/method/frappe.sessions.get', headers });
      assert.equal(res.statusCode, 200, res.body);
      return res.json<{ message: { user: Record<string, string[] | string> } }>().message.user;
    };

    it("lists a System Manager's rights per DocType, child tables left out", async () => {
      const user = await boot(ADMIN);
      assert.equal(user['name'], 'Administrator');
      for (const right of ['can_read', 'can_write', 'can_create', 'can_delete'])
        assert.ok((user[right] as string[]).includes('User'), right);
      assert.ok(!(user['can_read'] as string[]).includes('Has Role'));
    });

    it('gives a user without roles only what they hold', async () => {
      const user = await boot(CLERK);
      assert.equal(user['name'], 'clerk.desk@example.com');
      assert.ok(!(user['roles'] as string[]).includes('System Manager'));
      assert.ok(!(user['can_create'] as string[]).includes('User'));
      assert.ok(!(user['can_delete'] as string[]).includes('DocType'));
    });

    it('answers a guest with Guest and no write rights', async () => {
      const user = await boot({});
      assert.equal(user['name'], 'Guest');
      assert.deepEqual(user['can_write'], []);
    });
  });
}
