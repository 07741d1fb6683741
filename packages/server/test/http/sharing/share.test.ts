import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DocTypeJson } from '@cortado/protocol';
import type { AppDefinition } from '../../../src/engine/runtime/app-definition.js';
import { insertDoc } from '../../../src/engine/document.js';
import { withContext } from '../../../src/engine/runtime/with-context.js';
import { buildTestApp, TEST_USER_HEADER, type TestApp } from '../../helpers/build-test-app.js';
import { DIALECTS } from '../../helpers/dialects.js';

const ALICE = 'alice@example.com';
const BOB = 'bob@example.com';
const CAROL = 'carol@example.com';

const MEMO: DocTypeJson = {
  doctype: 'DocType',
  name: 'Shared Memo',
  module: 'Core',
  autoname: 'field:title',
  fields: [
    { fieldname: 'title', fieldtype: 'Data', reqd: 1 },
    { fieldname: 'body', fieldtype: 'Data' },
  ],
  permissions: [
    { role: 'Memo Writer', read: 1, write: 1, create: 1, delete: 1, share: 1 },
    { role: 'Memo Keeper', read: 1, write: 1, create: 1, if_owner: 1 },
  ],
} as DocTypeJson;

const memoApp = { name: 'memo', version: '0.0.1', doctypes: [MEMO] } as unknown as AppDefinition;

async function seed(t: TestApp): Promise<void> {
  await withContext(
    t.site,
    'Administrator',
    async (ctx) => {
      for (const role of ['Memo Writer', 'Memo Keeper'])
        await insertDoc(ctx, { doctype: 'Role', role_name: role });
      const user = (email: string, roles: string[]) =>
        insertDoc(ctx, {
          doctype: 'User',
          email,
          first_name: email.split('@')[0],
          send_welcome_email: 0,
          roles: roles.map((role) => ({ role })),
        });
      await user(ALICE, ['Memo Writer']);
      await user(BOB, []);
      await user(CAROL, ['Memo Keeper']);
    },
    { flags: { ignorePermissions: true } },
  );
  for (const title of ['M1', 'M2', 'M3'])
    await withContext(t.site, ALICE, (ctx) => insertDoc(ctx, { doctype: 'Shared Memo', title }));
}

for (const dialect of DIALECTS) {
  describe(`sharing (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildTestApp({ dialect, migrate: true, apps: [memoApp] });
      await seed(t);
    });
    after(() => t.close());

    const as = (user: string) => ({ [TEST_USER_HEADER]: user });
    const get = (user: string, url: string) =>
      t.app.inject({ method: 'GET', url, headers: as(user) });
    const call = (user: string, method: string, payload: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url: `/api/method/${method}`, headers: as(user), payload });
    const list = async (user: string) => {
      const res = await get(user, '/api/resource/Shared%20Memo?limit_page_length=0');
      return res.statusCode === 200
        ? res
            .json()
            .data.map((row: { name: string }) => row.name)
            .sort()
            .join(' ')
        : res.statusCode;
    };
    const count = async (user: string) => {
      const res = await get(user, '/api/method/frappe.client.get_count?doctype=Shared%20Memo');
      return res.statusCode === 200 ? res.json().message : res.statusCode;
    };
    const shareRows = async () =>
      Number(
        (
          await t.site.db.kysely
            .selectFrom('tabDocShare')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    it('without roles or shares Bob sees nothing', async () => {
      assert.equal((await get(BOB, '/api/resource/Shared%20Memo/M1')).statusCode, 403);
      assert.equal(await list(BOB), 403);
      assert.equal(await count(BOB), 403);
    });

    it('a read share shows the document in get, list and count, and nothing more', async () => {
      const res = await call(ALICE, 'frappe.share.add', {
        doctype: 'Shared Memo',
        name: 'M1',
        user: BOB,
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().message.user, BOB);
      assert.equal(res.json().message.read, 1);
      assert.equal(res.json().message.write, 0);
      const doc = await get(BOB, '/api/resource/Shared%20Memo/M1');
      assert.equal(doc.statusCode, 200, doc.body);
      assert.equal(doc.json().data.title, 'M1');
      assert.equal((await get(BOB, '/api/resource/Shared%20Memo/M2')).statusCode, 403);
      assert.equal(await list(BOB), 'M1');
      assert.equal(await count(BOB), 1);
      const write = await t.app.inject({
        method: 'PUT',
        url: '/api/resource/Shared%20Memo/M1',
        headers: as(BOB),
        payload: { body: 'edited' },
      });
      assert.equal(write.statusCode, 403);
    });

    it('a write share lets Bob save; adding again updates the one share row', async () => {
      const before = await shareRows();
      const res = await call(ALICE, 'frappe.share.add', {
        doctype: 'Shared Memo',
        name: 'M1',
        user: BOB,
        write: 1,
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(await shareRows(), before);
      const write = await t.app.inject({
        method: 'PUT',
        url: '/api/resource/Shared%20Memo/M1',
        headers: as(BOB),
        payload: { body: 'edited' },
      });
      assert.equal(write.statusCode, 200, write.body);
      const users = await call(ALICE, 'frappe.share.get_users', {
        doctype: 'Shared Memo',
        name: 'M1',
      });
      assert.deepEqual(
        users.json().message.map((row: { user: string; write: number }) => [row.user, row.write]),
        [[BOB, 1]],
      );
    });

    it('on an owner-only list, shared documents are OR-ed in', async () => {
      assert.equal(await list(CAROL), '');
      const res = await call(ALICE, 'frappe.share.add', {
        doctype: 'Shared Memo',
        name: 'M3',
        user: CAROL,
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(await list(CAROL), 'M3');
      assert.equal(await count(CAROL), 1);
      assert.equal((await get(CAROL, '/api/resource/Shared%20Memo/M3')).statusCode, 200);
    });

    it('bad shares: unknown user, no share right, missing user, missing document; nothing written', async () => {
      const before = await shareRows();
      const unknown = await call(ALICE, 'frappe.share.add', {
        doctype: 'Shared Memo',
        name: 'M2',
        user: 'nobody@example.com',
      });
      assert.equal(unknown.statusCode, 417, unknown.body);
      assert.equal(unknown.json().exc_type, 'LinkValidationError');
      const noRight = await call(CAROL, 'frappe.share.add', {
        doctype: 'Shared Memo',
        name: 'M2',
        user: BOB,
      });
      assert.equal(noRight.statusCode, 403);
      assert.equal(noRight.json().exc_type, 'PermissionError');
      const bobReshares = await call(BOB, 'frappe.share.add', {
        doctype: 'Shared Memo',
        name: 'M1',
        user: CAROL,
      });
      assert.equal(bobReshares.statusCode, 403);
      const noUser = await call(ALICE, 'frappe.share.add', { doctype: 'Shared Memo', name: 'M2' });
      assert.equal(noUser.statusCode, 417);
      assert.equal(noUser.json().exc_type, 'MandatoryError');
      const missing = await call(ALICE, 'frappe.share.add', {
        doctype: 'Shared Memo',
        name: 'nope',
        user: BOB,
      });
      assert.equal(missing.statusCode, 404);
      const submit = await call(ALICE, 'frappe.share.add', {
        doctype: 'Shared Memo',
        name: 'M2',
        user: BOB,
        submit: 1,
      });
      assert.equal(submit.statusCode, 417);
      assert.equal(await shareRows(), before);
      assert.equal(await list(BOB), 'M1');
    });

    it('a share with everyone reaches every user but Guest', async () => {
      const res = await call(ALICE, 'frappe.share.add', {
        doctype: 'Shared Memo',
        name: 'M2',
        everyone: 1,
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(await list(BOB), 'M1 M2');
      assert.equal(await count(BOB), 2);
      assert.equal(await list('Guest'), 403);
    });

    it('disable_document_sharing switches every share off', async () => {
      const setting = (value: string) =>
        withContext(
          t.site,
          'Administrator',
          async (ctx) => {
            await ctx.uow.db
              .deleteFrom('tabSingles')
              .where('doctype', '=', 'System Settings')
              .where('field', '=', 'disable_document_sharing')
              .execute();
            await ctx.uow.db
              .insertInto('tabSingles')
              .values({ doctype: 'System Settings', field: 'disable_document_sharing', value })
              .execute();
          },
          { flags: { ignorePermissions: true } },
        );
      await setting('1');
      assert.equal(await list(BOB), 403);
      const share = await call(ALICE, 'frappe.share.add', {
        doctype: 'Shared Memo',
        name: 'M3',
        user: BOB,
      });
      assert.equal(share.statusCode, 403);
      await setting('0');
      assert.equal(await list(BOB), 'M1 M2');
    });

    it('remove ends the share; deleting a document deletes its shares', async () => {
      const removed = await call(ALICE, 'frappe.share.remove', {
        doctype: 'Shared Memo',
        name: 'M1',
        user: BOB,
      });
      assert.equal(removed.statusCode, 200, removed.body);
      assert.equal((await get(BOB, '/api/resource/Shared%20Memo/M1')).statusCode, 403);
      assert.equal(await list(BOB), 'M2');
      const del = await t.app.inject({
        method: 'DELETE',
        url: '/api/resource/Shared%20Memo/M2',
        headers: as(ALICE),
      });
      assert.equal(del.statusCode, 202, del.body);
      assert.equal(await shareRows(), 1, 'only the share of M3 is left');
      assert.equal(await list(BOB), 403);
    });
  });
}
