import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DocTypeJson } from '@cortado/protocol';
import type { AppDefinition } from '../../../src/engine/runtime/app-definition.js';
import { insertDoc } from '../../../src/engine/document.js';
import { withContext } from '../../../src/engine/runtime/with-context.js';
import { runScenario, type ApiScenario } from '../../helpers/api-scenario.js';
import { buildTestApp, type TestApp } from '../../helpers/build-test-app.js';
import { DIALECTS } from '../../helpers/dialects.js';

/*
 * User and global defaults (tabDefaultValue): the methods that read and set
 * them, with their permission matrix (another user's or the site's
 * defaults need System Manager), and their use on new documents: an empty
 * Link field named like a default takes it when User Permissions allow it.
 */

const all = { read: 1, write: 1, create: 1 } as const;
const DEFAULTS_APP: AppDefinition = {
  name: 'defaults_test',
  version: '0.0.1',
  doctypes: [
    {
      doctype: 'DocType',
      name: 'Company',
      module: 'Defaults Test',
      autoname: 'field:company_name',
      fields: [
        { fieldname: 'company_name', fieldtype: 'Data', reqd: 1 },
        { fieldname: 'currency', fieldtype: 'Data' },
      ],
      permissions: [{ role: 'Clerk', read: 1 }],
    } as DocTypeJson,
    {
      doctype: 'DocType',
      name: 'Expense Line',
      module: 'Defaults Test',
      istable: 1,
      fields: [
        { fieldname: 'note', fieldtype: 'Data' },
        { fieldname: 'currency', fieldtype: 'Data', default: ':Company' },
      ],
    } as DocTypeJson,
    {
      doctype: 'DocType',
      name: 'Expense Claim',
      module: 'Defaults Test',
      autoname: 'hash',
      fields: [
        { fieldname: 'company', fieldtype: 'Link', options: 'Company' },
        { fieldname: 'status', fieldtype: 'Select', options: 'Draft\nPaid' },
        { fieldname: 'amount', fieldtype: 'Int', default: '7' },
        { fieldname: 'currency', fieldtype: 'Data', default: ':Company' },
        { fieldname: 'lines', fieldtype: 'Table', options: 'Expense Line' },
      ],
      permissions: [{ role: 'Clerk', ...all }],
    } as DocTypeJson,
  ],
};

const M = '/api/method/';
const CLERK = { 'x-test-user': 'clerk@example.com' };
const OTHER = { 'x-test-user': 'other@example.com' };
const MANAGER = { 'x-test-user': 'manager@example.com' };

const call = (
  name: string,
  path: string,
  headers: Record<string, string> | undefined,
  body: Record<string, unknown> | undefined,
  status: number,
  contains: ApiScenario['contains'] = [],
): ApiScenario => ({
  name,
  method: body === undefined ? 'GET' : 'POST',
  url: `${M}${path}`,
  ...(headers === undefined ? {} : { headers }),
  ...(body === undefined ? {} : { body }),
  status,
  contains,
});

const forbidden = [{ exc_type: 'PermissionError' }];

/** The permission matrix, in order: writes first, then the reads that see them. */
const matrix: ApiScenario[] = [
  call(
    'Guest cannot set a default',
    'frappe.client.set_default',
    undefined,
    { key: 'k', value: 'v' },
    403,
    forbidden,
  ),
  call(
    'a user sets their own default',
    'frappe.client.set_default',
    CLERK,
    { key: 'company', value: 'Acme' },
    200,
  ),
  call(
    'a user cannot set a default for another user',
    'frappe.client.set_default',
    CLERK,
    { key: 'company', value: 'Acme', parent: 'other@example.com' },
    403,
    forbidden,
  ),
  call(
    'a user cannot set a global default through set_default',
    'frappe.client.set_default',
    CLERK,
    { key: 'company', value: 'Acme', parent: '__default' },
    403,
    forbidden,
  ),
  call(
    'a user cannot set a global default',
    'frappe.defaults.set_global_default',
    CLERK,
    { key: 'company', value: 'Acme' },
    403,
    forbidden,
  ),
  call(
    'a System Manager sets the global default',
    'frappe.defaults.set_global_default',
    MANAGER,
    { key: 'company', value: 'Beta' },
    200,
  ),
  call(
    "a System Manager sets another user's default",
    'frappe.defaults.set_user_default',
    MANAGER,
    { key: 'currency', value: 'EUR', user: 'other@example.com' },
    200,
  ),
  call(
    'a user reads their own default',
    'frappe.defaults.get_user_default?key=company',
    CLERK,
    undefined,
    200,
    [{ message: 'Acme' }],
  ),
  call(
    'without an own default the global one answers',
    'frappe.defaults.get_user_default?key=company',
    OTHER,
    undefined,
    200,
    [{ message: 'Beta' }],
  ),
  call(
    "a user cannot read another user's default",
    'frappe.defaults.get_user_default?key=company&user=other%40example.com',
    CLERK,
    undefined,
    403,
    forbidden,
  ),
  call(
    "a System Manager reads another user's default",
    'frappe.defaults.get_user_default?key=currency&user=other%40example.com',
    MANAGER,
    undefined,
    200,
    [{ message: 'EUR' }],
  ),
  call(
    'any user reads the global default',
    'frappe.defaults.get_global_default?key=company',
    CLERK,
    undefined,
    200,
    [{ message: 'Beta' }],
  ),
  call(
    'Guest cannot read defaults',
    'frappe.defaults.get_global_default?key=company',
    undefined,
    undefined,
    403,
    forbidden,
  ),
  {
    name: 'a missing key is unset (no message, as Frappe answers None)',
    url: `${M}frappe.defaults.get_user_default?key=nothing`,
    headers: CLERK,
    status: 200,
    notContains: ['key:message'],
  },
  call(
    'get_defaults overlays the user on the site',
    'frappe.defaults.get_defaults',
    OTHER,
    undefined,
    200,
    [
      {
        message: {
          company: 'Beta',
          currency: 'EUR',
          user: 'other@example.com',
          owner: 'other@example.com',
        },
      },
    ],
  ),
  call(
    'get_defaults of another user needs System Manager',
    'frappe.defaults.get_defaults?user=clerk%40example.com',
    OTHER,
    undefined,
    403,
    forbidden,
  ),
  call('a key is required', 'frappe.client.set_default', CLERK, { value: 'x' }, 417),
  call(
    'set_default is POST only (403 PermissionError, as Frappe)',
    'frappe.client.set_default?key=a&value=b',
    CLERK,
    undefined,
    403,
    forbidden,
  ),
];

async function newClaim(app: TestApp, headers: Record<string, string>) {
  const response = await app.app.inject({
    method: 'POST',
    url: '/api/resource/Expense%20Claim',
    headers,
    payload: {},
  });
  assert.equal(response.statusCode, 200, response.body);
  return response.json().data as Record<string, unknown>;
}

async function defaultRows(app: TestApp): Promise<number> {
  const row = await app.site.db.kysely
    .selectFrom('tabDefaultValue')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

for (const dialect of DIALECTS) {
  describe(`user and global defaults on ${dialect}`, () => {
    let app: TestApp;
    before(async () => {
      app = await buildTestApp({ dialect, migrate: true, apps: [DEFAULTS_APP] });
      await withContext(app.site, 'Administrator', async (ctx) => {
        await insertDoc(ctx, { doctype: 'Role', role_name: 'Clerk' });
        for (const [email, roles] of [
          ['clerk@example.com', ['Clerk']],
          ['other@example.com', ['Clerk']],
          ['manager@example.com', ['Clerk', 'System Manager']],
        ] as const)
          await insertDoc(ctx, {
            doctype: 'User',
            email,
            first_name: email.split('@')[0],
            send_welcome_email: 0,
            roles: roles.map((role) => ({ role })),
          });
        for (const [company, currency] of [
          ['Acme', 'USD'],
          ['Beta', 'EUR'],
        ])
          await insertDoc(ctx, { doctype: 'Company', company_name: company, currency });
      });
    });
    after(() => app?.close());

    for (const scenario of matrix)
      it(scenario.name, async () => {
        const rows = await defaultRows(app);
        const response = await runScenario(app.app, scenario);
        if (response.statusCode !== 200) assert.equal(await defaultRows(app), rows, 'no write');
      });

    it('a new document takes the user default for an empty Link, else the global one', async () => {
      const own = await newClaim(app, CLERK);
      assert.equal(own.company, 'Acme');
      assert.equal(own.amount, 7, 'static defaults still apply');
      assert.equal(own.status, 'Draft');
      assert.equal((await newClaim(app, OTHER)).company, 'Beta');
    });

    it('a default User Permissions do not allow, or naming no record, is not used', async () => {
      await withContext(app.site, 'Administrator', async (ctx) => {
        await insertDoc(ctx, {
          doctype: 'User Permission',
          user: 'clerk@example.com',
          allow: 'Company',
          for_value: 'Beta',
          apply_to_all_doctypes: 1,
        });
      });
      assert.equal(
        (await newClaim(app, CLERK)).company,
        'Beta',
        'Acme is not allowed; the only allowed company is the User Permission default',
      );
      const set = await app.app.inject({
        method: 'POST',
        url: `${M}frappe.client.set_default`,
        headers: OTHER,
        payload: { key: 'company', value: 'Gone Ltd' },
      });
      assert.equal(set.statusCode, 200);
      assert.equal((await newClaim(app, OTHER)).company ?? null, null);
    });

    it('an explicit value, even empty, wins over every default', async () => {
      const response = await app.app.inject({
        method: 'POST',
        url: '/api/resource/Expense%20Claim',
        headers: MANAGER,
        payload: { company: 'Acme' },
      });
      assert.equal(response.json().data.company, 'Acme');
    });

    it('a `:Company` default copies the field of the site default company, or of the parent company for rows', async () => {
      const response = await app.app.inject({
        method: 'POST',
        url: '/api/resource/Expense%20Claim',
        headers: MANAGER,
        payload: { company: 'Acme', lines: [{ note: 'taxi' }, { note: 'own', currency: 'CHF' }] },
      });
      const claim = response.json().data;
      assert.equal(claim.currency, 'EUR', 'the global default company is Beta');
      assert.deepEqual(
        claim.lines.map((line: Record<string, unknown>) => line.currency),
        ['USD', 'CHF'],
      );
    });

    it('set_default with a null value clears the key', async () => {
      const clear = await app.app.inject({
        method: 'POST',
        url: `${M}frappe.client.set_default`,
        headers: OTHER,
        payload: { key: 'company', value: null },
      });
      assert.equal(clear.statusCode, 200);
      assert.equal((await newClaim(app, OTHER)).company, 'Beta', 'the global default again');
    });
  });
}
