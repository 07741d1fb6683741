import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DocTypeJson } from '@cortado/protocol';
import type { AppDefinition } from '../../../src/engine/runtime/app-definition.js';
import { insertDoc } from '../../../src/engine/document.js';
import { withContext } from '../../../src/engine/runtime/with-context.js';
import { DIALECTS } from '../../helpers/dialects.js';
import { buildAuthApp, cookiesOf, type AuthTestApp } from '../auth/auth.fixtures.js';

const ALICE = { user: 'alice@example.com', pwd: 'Alice-Shares-7' };
const BOB = { user: 'bob@example.com', pwd: 'Bob-Receives-8' };

const NOTE: DocTypeJson = {
  doctype: 'DocType',
  name: 'Team Note',
  module: 'Core',
  autoname: 'field:title',
  fields: [{ fieldname: 'title', fieldtype: 'Data', reqd: 1 }],
  permissions: [{ role: 'Note Writer', read: 1, write: 1, create: 1, share: 1 }],
} as DocTypeJson;
const noteApp = { name: 'notes', version: '0.0.1', doctypes: [NOTE] } as unknown as AppDefinition;

/**
 * Sharing end to end through a listening server with real logins (the
 * issue's "sharing visible in get, list and count"): the owner shares over
 * HTTP, the other user sees the document in get, list (v1 and v2) and count
 * with their own cookie session, and no longer once the share is removed.
 */
for (const dialect of DIALECTS) {
  describe(`sharing through a listening server (${dialect})`, () => {
    let t: AuthTestApp;
    let url = '';
    const sids = new Map<string, string>();
    before(async () => {
      t = await buildAuthApp({ dialect, apps: [noteApp] });
      await withContext(
        t.site,
        'Administrator',
        async (ctx) => {
          await insertDoc(ctx, { doctype: 'Role', role_name: 'Note Writer' });
          for (const [who, roles] of [
            [ALICE, ['Note Writer']],
            [BOB, []],
          ] as const)
            await insertDoc(ctx, {
              doctype: 'User',
              email: who.user,
              first_name: who.user.split('@')[0],
              send_welcome_email: 0,
              new_password: who.pwd,
              roles: roles.map((role) => ({ role })),
            });
        },
        { flags: { ignorePermissions: true } },
      );
      url = await t.app.listen({ port: 0, host: '127.0.0.1' });
      for (const who of [ALICE, BOB]) {
        const res = await fetch(`${url}/api/method/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ usr: who.user, pwd: who.pwd }),
        });
        assert.equal(res.status, 200, await res.clone().text());
        const sid = /^sid=([0-9a-f]{56});/.exec(
          cookiesOf({ 'set-cookie': res.headers.getSetCookie() }).get('sid') ?? '',
        )?.[1];
        sids.set(who.user, sid!);
      }
    });
    after(() => t.close());

    const request = async (who: string, path: string, body?: unknown) => {
      const res = await fetch(`${url}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { cookie: `sid=${sids.get(who)}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, body: (await res.json()) as Record<string, any> };
    };
    const seen = async (who: string) => ({
      get: (await request(who, '/api/resource/Team%20Note/N1')).status,
      list: (await request(who, '/api/resource/Team%20Note?limit_page_length=0')).body.data,
      v2: (await request(who, '/api/v2/document/Team%20Note')).body.data,
      count: (await request(who, '/api/method/frappe.client.get_count?doctype=Team%20Note')).body
        .message,
    });

    it('a share made over HTTP shows in get, list and count for the other session, and ends with remove', async () => {
      for (const title of ['N1', 'N2'])
        assert.equal(
          (await request(ALICE.user, '/api/resource/Team%20Note', { title })).status,
          200,
        );
      assert.equal((await request(BOB.user, '/api/resource/Team%20Note/N1')).status, 403);
      const share = { doctype: 'Team Note', name: 'N1', user: BOB.user };
      const added = await request(ALICE.user, '/api/method/frappe.share.add', share);
      assert.equal(added.status, 200, JSON.stringify(added.body));
      assert.deepEqual(await seen(BOB.user), {
        get: 200,
        list: [{ name: 'N1' }],
        v2: [{ name: 'N1' }],
        count: 1,
      });
      const users = await request(ALICE.user, '/api/method/frappe.share.get_users', {
        doctype: 'Team Note',
        name: 'N1',
      });
      assert.deepEqual(
        users.body.message.map((row: { user: string }) => row.user),
        [BOB.user],
      );
      const removed = await request(ALICE.user, '/api/method/frappe.share.remove', share);
      assert.equal(removed.status, 200, JSON.stringify(removed.body));
      assert.equal((await request(BOB.user, '/api/resource/Team%20Note/N1')).status, 403);
      assert.equal(
        (await request(BOB.user, '/api/method/frappe.client.get_count?doctype=Team%20Note')).status,
        403,
      );
    });
  });
}
