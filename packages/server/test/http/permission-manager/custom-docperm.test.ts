import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../../helpers/dialects.js';
import { JANE, WEB, buildAuthApp, cookiesOf, type AuthTestApp } from '../auth/auth.fixtures.js';
import { secondProcess } from '../../helpers/second-process.js';

const PM = '/api/method/frappe.core.page.permission_manager.permission_manager';

async function loginSid(url: string, usr: string, pwd: string): Promise<string> {
  const res = await fetch(`${url}/api/method/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ usr, pwd }),
  });
  assert.equal(res.status, 200, await res.clone().text());
  const sid = /^sid=([0-9a-f]{56});/.exec(
    cookiesOf({ 'set-cookie': res.headers.getSetCookie() }).get('sid') ?? '',
  )?.[1];
  assert.ok(sid);
  return sid;
}

/** Polls until `check` holds (another process sees a change within its meta check interval). */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

for (const dialect of DIALECTS) {
  describe(`Custom DocPerm (${dialect})`, () => {
    let t: AuthTestApp;
    let first = '';
    let second: Awaited<ReturnType<typeof secondProcess>>;
    let admin = '';
    before(async () => {
      t = await buildAuthApp({ dialect });
      first = await t.app.listen({ port: 0, host: '127.0.0.1' });
      second = await secondProcess(t);
      admin = await loginSid(first, JANE.user, JANE.pwd);
    });
    after(async () => {
      await second?.stop();
      await t.close();
    });

    const manage = async (fn: string, body: Record<string, unknown>, sid = admin) => {
      const res = await fetch(`${first}${PM}.${fn}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: `sid=${sid}` },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const roleList = async (url: string, sid: string) =>
      (await fetch(`${url}/api/resource/Role`, { headers: { cookie: `sid=${sid}` } })).status;
    const customRows = async () =>
      (await t.site.db.kysely.selectFrom('tabCustom DocPerm').select('name').execute()).length;

    it('a rule added on one process takes effect on the other without a restart, and a reset undoes it', async () => {
      const webFirst = await loginSid(first, WEB.user, WEB.pwd);
      const webSecond = await loginSid(second.url, WEB.user, WEB.pwd);
      assert.equal(await roleList(second.url, webSecond), 403);
      const added = await manage('add', { parent: 'Role', role: 'All', permlevel: 0 });
      assert.equal(added.status, 200, JSON.stringify(added.body));
      assert.equal(await roleList(first, webFirst), 200, 'this process applies it at once');
      await eventually(async () => (await roleList(second.url, webSecond)) === 200, 'grant');
      const listed = await fetch(`${first}${PM}.get_permissions?doctype=Role`, {
        headers: { cookie: `sid=${admin}` },
      });
      const rows = ((await listed.json()) as { message: Array<{ role: string }> }).message;
      assert.deepEqual(rows.map((row) => row.role).sort(), ['All', 'System Manager']);
      const reset = await manage('reset', { doctype: 'Role' });
      assert.equal(reset.status, 200);
      assert.equal(await roleList(first, webFirst), 403);
      await eventually(async () => (await roleList(second.url, webSecond)) === 403, 'reset');
    });

    it('update switches one right; invalid rows are refused with nothing written', async () => {
      assert.equal(
        (await manage('add', { parent: 'Role', role: 'All', permlevel: 0 })).status,
        200,
      );
      const before = await customRows();
      const levelOne = await manage('add', { parent: 'Role', role: 'Guest', permlevel: 1 });
      assert.equal(levelOne.status, 417, JSON.stringify(levelOne.body));
      assert.equal(levelOne.body.exc_type, 'ValidationError');
      assert.match(
        JSON.stringify(levelOne.body),
        /Permission at level 0 must be set before higher levels are set/,
      );
      const cancel = await manage('update', {
        doctype: 'Role',
        role: 'All',
        permlevel: 0,
        ptype: 'cancel',
        value: 1,
      });
      assert.equal(cancel.status, 417);
      assert.match(JSON.stringify(cancel.body), /Cannot set Cancel without Submit/);
      const importable = await manage('update', {
        doctype: 'Role',
        role: 'System Manager',
        permlevel: 0,
        ptype: 'import',
        value: 1,
      });
      assert.equal(importable.status, 417);
      assert.match(JSON.stringify(importable.body), /Cannot set import as Role is not importable/);
      const noRole = await manage('add', { parent: 'Role', role: 'No Such Role', permlevel: 0 });
      assert.equal(noRole.status, 417);
      assert.equal(noRole.body.exc_type, 'LinkValidationError');
      const noDoctype = await manage('add', { parent: 'Nope', role: 'All', permlevel: 0 });
      assert.equal(noDoctype.status, 404);
      assert.equal(await customRows(), before);
      const write = await manage('update', {
        doctype: 'Role',
        role: 'All',
        permlevel: 0,
        ptype: 'write',
        value: 1,
      });
      assert.equal(write.status, 200, JSON.stringify(write.body));
      const last = await manage('remove', {
        doctype: 'Role',
        role: 'System Manager',
        permlevel: 0,
      });
      assert.equal(last.status, 200);
      const none = await manage('remove', { doctype: 'Role', role: 'All', permlevel: 0 });
      assert.equal(none.status, 417);
      assert.match(JSON.stringify(none.body), /atleast one permission rule/);
      assert.equal((await manage('reset', { doctype: 'Role' })).status, 200);
    });

    it('only System Managers manage permissions', async () => {
      const web = await loginSid(first, WEB.user, WEB.pwd);
      const res = await manage('add', { parent: 'Role', role: 'All', permlevel: 0 }, web);
      assert.equal(res.status, 403);
      assert.equal(await customRows(), 0);
    });
  });
}
