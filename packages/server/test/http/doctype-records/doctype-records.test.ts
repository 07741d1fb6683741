import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { itScenarios, type ApiScenario } from '../../helpers/api-scenario.js';
import { buildTestApp, type TestApp } from '../../helpers/build-test-app.js';
import { DIALECTS } from '../../helpers/dialects.js';
import { insertDoc } from '../../../src/engine/document.js';
import { withContext } from '../../../src/engine/runtime/with-context.js';
import { migrateSite } from '../../../src/sites/migrate-site.js';

/*
 * DocTypes defined in code are DocType records, as in Frappe: readable with
 * their DocField and DocPerm rows, listed with the custom ones, read-only
 * through the API.
 */

const ADMIN = { 'x-test-user': 'Administrator' };
const CLERK = { 'x-test-user': 'clerk@example.com' };

const scenarios: ApiScenario[] = [
  {
    name: 'GET DocType/User: the record with its DocField and DocPerm rows',
    url: '/api/resource/DocType/User',
    headers: ADMIN,
    status: 200,
    contains: [{ data: { name: 'User', doctype: 'DocType', module: 'Core', custom: 0 } }],
    check: (r) => {
      const data = r.json<{ data: { fields: any[]; permissions: any[] } }>().data;
      assert.ok(
        data.fields.some((field) => field.fieldname === 'email' && field.parent === 'User'),
      );
      assert.ok(data.fields.every((field) => field.doctype === 'DocField'));
      assert.ok(data.permissions.some((perm) => perm.role === 'System Manager'));
    },
  },
  {
    name: 'the DocType list holds the DocTypes defined in code',
    url: '/api/resource/DocType?limit_page_length=0&filters=%5B%5B%22custom%22%2C%220%22%5D%5D',
    headers: ADMIN,
    status: 200,
    check: (r) => {
      const names = r.json<{ data: { name: string }[] }>().data.map((row) => row.name);
      for (const name of ['User', 'ToDo', 'DocType', 'DocField', 'Role', 'Comment'])
        assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
    },
  },
  {
    name: 'DocField rows list with their parent',
    url: '/api/method/frappe.client.get_list?doctype=DocField&parent=DocType&filters=%7B%22parent%22%3A%22ToDo%22%7D&fields=%5B%22fieldname%22%5D&limit_page_length=0',
    headers: ADMIN,
    status: 200,
    check: (r) => {
      const names = r.json<{ message: { fieldname: string }[] }>().message.map((f) => f.fieldname);
      assert.ok(names.includes('description'), names.join(', '));
    },
  },
  {
    name: 'get_value reads a DocType record field',
    url: '/api/method/frappe.client.get_value?doctype=DocType&filters=ToDo&fieldname=module',
    headers: ADMIN,
    status: 200,
    contains: [{ message: { module: 'Desk' } }],
  },
  {
    name: 'PUT on a DocType defined in code is refused',
    method: 'PUT',
    url: '/api/resource/DocType/ToDo',
    headers: ADMIN,
    body: { description: 'changed', istable: 1 },
    status: 403,
    contains: [{ exc_type: 'PermissionError' }, 'defined by an app'],
  },
  {
    name: 'DELETE on a DocType defined in code is refused',
    method: 'DELETE',
    url: '/api/resource/DocType/ToDo',
    headers: ADMIN,
    status: 403,
    contains: [{ exc_type: 'PermissionError' }],
  },
  {
    name: 'Guest cannot read DocType records',
    url: '/api/resource/DocType/User',
    status: 403,
    contains: [{ exc_type: 'PermissionError' }],
  },
  {
    name: 'a user without System Manager cannot read them either',
    url: '/api/resource/DocType/User',
    headers: CLERK,
    status: 403,
  },
  {
    name: 'a custom DocType is still created through the API',
    method: 'POST',
    url: '/api/resource/DocType',
    headers: ADMIN,
    body: {
      name: 'Visit Log',
      module: 'Custom',
      custom: 1,
      fields: [{ fieldname: 'visitor', fieldtype: 'Data' }],
      permissions: [{ role: 'System Manager', read: 1, write: 1, create: 1 }],
    },
    status: 200,
    contains: [{ data: { name: 'Visit Log', custom: 1 } }],
  },
];

for (const dialect of DIALECTS) {
  describe(`DocType records on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildTestApp({ dialect, migrate: true });
      await withContext(t.site, 'Administrator', (ctx) =>
        insertDoc(ctx, {
          doctype: 'User',
          email: 'clerk@example.com',
          first_name: 'Clerk',
          send_welcome_email: 0,
        }),
      );
    });
    after(() => t?.close());

    itScenarios(scenarios, () => t.app);

    it('GET /api/resource/DocType lists and counts every DocType of the site, as Frappe does', async () => {
      const get = async (url: string) => {
        const res = await t.app.inject({ url, headers: ADMIN });
        assert.equal(res.statusCode, 200, res.body);
        return res.json<Record<string, any>>();
      };
      const listed = (
        await get('/api/resource/DocType?limit_page_length=0&fields=%5B%22name%22%5D')
      ).data.map((row: { name: string }) => row.name);
      const known = t.site.meta.all().map((meta) => meta.name);
      assert.deepEqual([...listed].sort(), [...known].sort());
      const counted = await get('/api/method/frappe.client.get_count?doctype=DocType');
      assert.equal(counted.message, known.length);
      const v2 = await get('/api/v2/doctype/DocType/count');
      assert.equal(v2.data, known.length);
      const page = await get('/api/resource/DocType');
      assert.equal(page.data.length, 20, "Frappe's default page of 20");
    });

    it('the refused PUT changed nothing, and migrate rewrites the records without duplicates', async () => {
      const count = async () =>
        Number(
          (
            await t.site.db.kysely
              .selectFrom('tabDocField')
              .select((eb) => eb.fn.countAll().as('n'))
              .where('parent', '=', 'ToDo')
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await count();
      await migrateSite(t.site);
      assert.equal(await count(), before);
      const todo = await t.site.db.kysely
        .selectFrom('tabDocType')
        .select(['istable', 'custom'])
        .where('name', 'in', ['ToDo', 'Visit Log'])
        .orderBy('name')
        .execute();
      assert.deepEqual(
        todo.map((row) => [Number(row.istable), Number(row.custom)]),
        [
          [0, 0],
          [0, 1],
        ],
      );
    });
  });
}
