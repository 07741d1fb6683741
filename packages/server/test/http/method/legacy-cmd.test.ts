import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { itScenarios, type ApiScenario } from '../../helpers/api-scenario.js';
import { buildTestApp, type TestApp } from '../../helpers/build-test-app.js';
import { DIALECTS } from '../../helpers/dialects.js';
import { setAdminPassword } from '../../../src/sites/admin-password.js';
import { methodTestApp, PROBE_TABLE } from './method.fixtures.js';

/*
 * Frappe's legacy dispatch: `cmd` on `/` runs like `/api/method/<cmd>`
 * (docs/spec/api-rest-rpc.md §1 step 9), login and logout included.
 */

const ADMIN = { 'x-test-user': 'Administrator' };
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const PASSWORD = 'Legacy-Admin-3';

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

const scenarios: ApiScenario[] = [
  {
    name: 'POST / with a form cmd calls the method; cmd never reaches it',
    method: 'POST',
    url: '/',
    headers: FORM,
    body: form({ cmd: 'method_test.api.echo', a: '1' }),
    status: 200,
    contains: [{ message: { a: '1' } }],
    notContains: ['cmd'],
  },
  {
    name: 'GET /?cmd= calls the method',
    url: '/?cmd=method_test.api.echo&b=x',
    status: 200,
    contains: [{ message: { b: 'x' } }],
  },
  {
    name: 'a JSON body may carry cmd',
    method: 'POST',
    url: '/',
    body: { cmd: 'method_test.api.echo', n: 2 },
    status: 200,
    contains: [{ message: { n: 2 } }],
  },
  {
    name: 'cmd=ping',
    url: '/?cmd=ping',
    status: 200,
    contains: [{ message: 'pong' }],
  },
  {
    name: 'a method returning nothing answers {}',
    url: '/?cmd=method_test.api.nothing',
    status: 200,
    check: (r) => assert.equal(r.body, '{}'),
  },
  {
    name: 'an unknown cmd is 417 "Failed to get method"',
    method: 'POST',
    url: '/',
    headers: { ...FORM, ...ADMIN },
    body: form({ cmd: 'frappe.no_such.method' }),
    status: 417,
    contains: [{ exc_type: 'ValidationError' }, 'Failed to get method for command'],
  },
  {
    name: 'hostile cmd text comes back escaped',
    url: `/?cmd=${encodeURIComponent('<script>alert(1)</script>')}`,
    headers: ADMIN,
    status: 417,
    notContains: ['<script>'],
  },
  {
    name: 'a cmd naming a function Frappe does not whitelist is 403',
    method: 'POST',
    url: '/',
    headers: { ...FORM, ...ADMIN },
    body: form({ cmd: 'frappe.utils.now' }),
    status: 403,
    contains: [{ exc_type: 'PermissionError' }, 'is not whitelisted'],
  },
  {
    name: 'a dunder attribute of a framework module is 403',
    url: '/?cmd=frappe.client.__init__',
    headers: ADMIN,
    status: 403,
    contains: [{ exc_type: 'PermissionError' }],
  },
  {
    name: 'the same private function over /api/method is 403, not 417',
    url: '/api/method/frappe.db.sql',
    headers: ADMIN,
    status: 403,
    contains: [{ exc_type: 'PermissionError' }],
  },
  {
    name: 'Guest calling a method that is not allow_guest is 403',
    url: '/?cmd=method_test.api.private',
    status: 403,
    contains: [{ exc_type: 'PermissionError' }],
  },
  {
    name: 'a logged-in user calls it',
    url: '/?cmd=method_test.api.private',
    headers: ADMIN,
    status: 200,
    contains: [{ message: 'Administrator' }],
  },
  {
    name: "the method's verb list applies: GET on a POST-only method is 403",
    url: '/?cmd=method_test.api.post_only',
    status: 403,
    contains: [{ exc_type: 'PermissionError' }, 'Not permitted'],
  },
  {
    name: '/ without cmd is the website: 404',
    url: '/',
    status: 404,
  },
  {
    name: 'an empty cmd is not a call',
    method: 'POST',
    url: '/',
    headers: FORM,
    body: form({ cmd: '' }),
    status: 404,
  },
  {
    name: 'cmd=login with a wrong password is 401',
    method: 'POST',
    url: '/',
    headers: FORM,
    body: form({ cmd: 'login', usr: 'Administrator', pwd: 'wrong' }),
    status: 401,
    contains: [{ exc_type: 'AuthenticationError', message: 'Invalid login credentials' }],
  },
  {
    name: 'cmd=login without credentials is 401',
    method: 'POST',
    url: '/',
    headers: FORM,
    body: form({ cmd: 'login' }),
    status: 401,
    contains: [{ message: 'Incomplete login details' }],
  },
  {
    name: 'cmd=login logs in and sets the sid cookie',
    method: 'POST',
    url: '/',
    headers: FORM,
    body: form({ cmd: 'login', usr: 'Administrator', pwd: PASSWORD }),
    status: 200,
    contains: [{ message: 'Logged In' }],
    check: (r) => assert.match(String(r.headers['set-cookie']), /sid=[^;]+;/),
  },
  {
    name: 'GET /?cmd=logout answers an empty success',
    url: '/?cmd=logout',
    status: 200,
    check: (r) => assert.equal(r.body, '{}'),
  },
];

for (const dialect of DIALECTS) {
  describe(`legacy cmd dispatch on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildTestApp({ dialect, apps: [methodTestApp], migrate: true });
      await setAdminPassword(t.site, PASSWORD);
      await t.site.db.kysely.schema
        .createTable(PROBE_TABLE)
        .addColumn('name', 'varchar(140)', (c) => c.primaryKey())
        .execute();
    });
    after(() => t?.close());

    itScenarios(scenarios, () => t.app);

    it('commits a POST cmd and rolls back one that writes then throws', async () => {
      const post = (cmd: string, value: string) =>
        t.app.inject({ method: 'POST', url: '/', headers: FORM, payload: form({ cmd, value }) });
      assert.equal((await post('method_test.api.write', 'legacy-ok')).statusCode, 200);
      assert.equal((await post('method_test.api.write_then_fail', 'legacy-bad')).statusCode, 417);
      const rows = await t.site.db.kysely
        .selectFrom(PROBE_TABLE)
        .select('name')
        .where('name', 'in', ['legacy-ok', 'legacy-bad'])
        .execute();
      assert.deepEqual(
        rows.map((row) => row.name),
        ['legacy-ok'],
      );
    });
  });
}
