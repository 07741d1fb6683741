import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import type { DocTypeJson } from '@cortado/protocol';
import type { AppDefinition } from '../../../src/engine/runtime/app-definition.js';
import { insertDoc } from '../../../src/engine/document.js';
import { withContext } from '../../../src/engine/runtime/with-context.js';
import { itResolvedScenarios } from '../resource/resource.fixtures.js';
import type { ApiScenario } from '../../helpers/api-scenario.js';
import { buildTestApp, type TestApp } from '../../helpers/build-test-app.js';
import { DIALECTS } from '../../helpers/dialects.js';

/*
 * The desk's report-view endpoints and the smaller functions clients call:
 * get_password, is_document_amended, get_all_roles — each with who may and
 * who may not.
 */

const ADMIN = { 'x-test-user': 'Administrator' };
const CLERK = { 'x-test-user': 'clerk@example.com' };
const NOBODY = { 'x-test-user': 'nobody@example.com' };

const all = { read: 1, write: 1, create: 1, delete: 1 } as const;
const DESK_APP: AppDefinition = {
  name: 'desk_tests',
  version: '0.0.1',
  doctypes: [
    {
      doctype: 'DocType',
      name: 'Desk Invoice',
      module: 'Desk Tests',
      autoname: 'format:DI-{###}',
      is_submittable: 1,
      fields: [
        { fieldname: 'customer', fieldtype: 'Data' },
        { fieldname: 'amount', fieldtype: 'Int' },
        { fieldname: 'api_secret', fieldtype: 'Password' },
        { fieldname: 'amended_from', fieldtype: 'Link', options: 'Desk Invoice' },
      ],
      permissions: [{ role: 'Clerk', ...all, submit: 1, cancel: 1, amend: 1 }],
    } as DocTypeJson,
  ],
};

const RV = '/api/method/frappe.desk.reportview';
/** A query string; JSON for non-string values. `{key}` placeholders must be appended unencoded. */
const q = (params: Record<string, unknown>) =>
  new URLSearchParams(
    Object.entries(params).map(([key, value]): [string, string] => [
      key,
      typeof value === 'string' ? value : JSON.stringify(value),
    ]),
  ).toString();

const scenarios: ApiScenario[] = [
  {
    name: 'reportview.get_list: rows as objects, start/page_length',
    url: `${RV}.get_list?${q({ doctype: 'Desk Invoice', fields: ['name', 'amount'], order_by: 'amount asc', start: '1', page_length: '2' })}`,
    headers: CLERK,
    status: 200,
    check: (r) =>
      assert.deepEqual(r.json<{ message: unknown }>().message, [
        { name: 'DI-002', amount: 20 },
        { name: 'DI-003', amount: 30 },
      ]),
  },
  {
    name: 'reportview.get_list: pluck and distinct',
    url: `${RV}.get_list?${q({ doctype: 'Desk Invoice', pluck: 'customer', distinct: '1', order_by: 'customer asc', filters: [['amount', '<', 35]] })}`,
    headers: CLERK,
    status: 200,
    contains: [{ message: ['Acme', 'Beta'] }],
  },
  {
    name: 'reportview.get: keys and values',
    url: `${RV}.get?${q({ doctype: 'Desk Invoice', fields: ['name', 'customer'], filters: { amount: 10 } })}`,
    headers: CLERK,
    status: 200,
    contains: [{ message: { keys: ['name', 'customer'], values: [['DI-001', 'Acme']] } }],
  },
  {
    name: 'reportview.get: nothing found is an empty list',
    url: `${RV}.get?${q({ doctype: 'Desk Invoice', filters: { amount: 999 } })}`,
    headers: CLERK,
    status: 200,
    contains: [{ message: [] }],
  },
  {
    name: 'reportview.get_count with filters',
    url: `${RV}.get_count?${q({ doctype: 'Desk Invoice', filters: [['customer', '=', 'Acme']] })}`,
    headers: CLERK,
    status: 200,
    contains: [{ message: 2 }],
  },
  {
    name: 'reportview: a user without read gets 403',
    url: `${RV}.get_list?${q({ doctype: 'Desk Invoice' })}`,
    headers: NOBODY,
    status: 403,
    contains: [{ exc_type: 'PermissionError' }],
  },
  {
    name: 'reportview: Guest gets 403 from the whitelist',
    url: `${RV}.get_count?${q({ doctype: 'Desk Invoice' })}`,
    status: 403,
  },
  {
    name: 'reportview: an unknown field is refused',
    url: `${RV}.get_list?${q({ doctype: 'Desk Invoice', fields: ['nope'] })}`,
    headers: CLERK,
    status: 417,
  },
  {
    name: 'reportview: hostile order_by is refused',
    url: `${RV}.get_list?${q({ doctype: 'Desk Invoice', order_by: 'name; drop table x' })}`,
    headers: CLERK,
    status: 417,
  },
  {
    name: 'get_password: System Manager reads the decrypted value',
    url: `/api/method/frappe.client.get_password?${q({ doctype: 'Desk Invoice', name: 'DI-001', fieldname: 'api_secret' })}`,
    headers: ADMIN,
    status: 200,
    contains: [{ message: 'pa55-word' }],
  },
  {
    name: 'get_password: anyone else is refused, even with write on the document',
    url: `/api/method/frappe.client.get_password?${q({ doctype: 'Desk Invoice', name: 'DI-001', fieldname: 'api_secret' })}`,
    headers: CLERK,
    status: 403,
    notContains: ['pa55-word'],
  },
  {
    name: 'get_password: a missing document is 404',
    url: `/api/method/frappe.client.get_password?${q({ doctype: 'Desk Invoice', name: 'DI-999', fieldname: 'api_secret' })}`,
    headers: ADMIN,
    status: 404,
  },
  {
    name: 'is_document_amended: the amending document',
    url: `/api/method/frappe.client.is_document_amended?${q({ doctype: 'Desk Invoice' })}&docname={cancelled}`,
    headers: CLERK,
    status: 200,
    contains: [{ message: '{amendment}' }],
  },
  {
    name: 'is_document_amended: not amended is false',
    url: `/api/method/frappe.client.is_document_amended?${q({ doctype: 'Desk Invoice', docname: 'DI-001' })}`,
    headers: CLERK,
    status: 200,
    contains: [{ message: false }],
  },
  {
    name: 'is_document_amended: without read, false',
    url: `/api/method/frappe.client.is_document_amended?${q({ doctype: 'Desk Invoice' })}&docname={cancelled}`,
    headers: NOBODY,
    status: 200,
    contains: [{ message: false }],
  },
  {
    name: 'get_all_roles: every enabled role but the automatic ones, sorted',
    url: '/api/method/frappe.core.doctype.user.user.get_all_roles',
    headers: CLERK,
    status: 200,
    contains: [{ message: ['Clerk', 'Script Manager', 'System Manager'] }],
  },
  {
    name: 'get_all_roles through the v2 DocType shorthand',
    url: '/api/v2/method/User/get_all_roles',
    headers: CLERK,
    status: 200,
    contains: [{ data: ['Clerk', 'Script Manager', 'System Manager'] }],
  },
  {
    name: 'get_all_roles: Guest is refused',
    url: '/api/method/frappe.core.doctype.user.user.get_all_roles',
    status: 403,
  },
];

for (const dialect of DIALECTS) {
  describe(`desk endpoints on ${dialect}`, () => {
    let app: TestApp;
    const names: Record<string, string> = {};
    before(async () => {
      app = await buildTestApp({ dialect, apps: [DESK_APP], migrate: true });
      await withContext(app.site, 'Administrator', async (ctx) => {
        await insertDoc(ctx, { doctype: 'Role', role_name: 'Clerk', desk_access: 1 });
        await insertDoc(ctx, { doctype: 'Role', role_name: 'Retired', disabled: 1 });
        for (const [email, roles] of [
          ['clerk@example.com', ['Clerk']],
          ['nobody@example.com', []],
        ] as const)
          await insertDoc(ctx, {
            doctype: 'User',
            email,
            first_name: email.split('@')[0],
            send_welcome_email: 0,
            roles: roles.map((role) => ({ role })),
          });
      });
      await withContext(app.site, 'clerk@example.com', async (ctx) => {
        for (const [customer, amount] of [
          ['Acme', 10],
          ['Beta', 20],
          ['Acme', 30],
          ['Gamma', 40],
        ] as const)
          await insertDoc(ctx, {
            doctype: 'Desk Invoice',
            customer,
            amount,
            ...(amount === 10 ? { api_secret: 'pa55-word' } : {}),
          });
        const cancelled = await insertDoc(ctx, {
          doctype: 'Desk Invoice',
          customer: 'Delta',
          amount: 50,
          docstatus: 1,
        });
        const { cancelDoc, amendDoc } = await import('../../../src/engine/document.js');
        await cancelDoc(ctx, 'Desk Invoice', String(cancelled.name));
        const amendment = await amendDoc(ctx, 'Desk Invoice', String(cancelled.name));
        names['cancelled'] = String(cancelled.name);
        names['amendment'] = String(amendment.name);
      });
    });
    after(() => app?.close());

    itResolvedScenarios(scenarios, () => ({ app, names }));
  });
}
