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
 * A new document's empty Link fields take the record the user's User
 * Permissions name as default (or the only one they allow), as Frappe's
 * new_doc does.
 */

const all = { read: 1, write: 1, create: 1 } as const;
const DEFAULTS_APP: AppDefinition = {
  name: 'up_defaults',
  version: '0.0.1',
  doctypes: [
    {
      doctype: 'DocType',
      name: 'Branch Office',
      module: 'UP Defaults',
      autoname: 'field:office_name',
      fields: [{ fieldname: 'office_name', fieldtype: 'Data', reqd: 1 }],
      permissions: [{ role: 'Clerk', ...all }],
    } as DocTypeJson,
    {
      doctype: 'DocType',
      name: 'Expense Note',
      module: 'UP Defaults',
      autoname: 'hash',
      fields: [
        { fieldname: 'office', fieldtype: 'Link', options: 'Branch Office' },
        {
          fieldname: 'paid_from',
          fieldtype: 'Link',
          options: 'Branch Office',
          ignore_user_permissions: 1,
        },
        { fieldname: 'approver', fieldtype: 'Link', options: 'User' },
        { fieldname: 'amount', fieldtype: 'Int' },
      ],
      permissions: [{ role: 'Clerk', ...all }],
    } as DocTypeJson,
  ],
};

const URL = '/api/resource/Expense%20Note';

const scenarios: ApiScenario[] = [
  {
    name: 'the only allowed office fills an empty Link',
    method: 'POST',
    url: URL,
    headers: { 'x-test-user': 'solo@example.com' },
    body: { amount: 1 },
    status: 200,
    contains: [{ data: { office: 'North' } }],
    notContains: ['"paid_from"', '"approver"'],
  },
  {
    name: 'the office marked default wins among several',
    method: 'POST',
    url: URL,
    headers: { 'x-test-user': 'multi@example.com' },
    body: { amount: 2 },
    status: 200,
    contains: [{ data: { office: 'South' } }],
  },
  {
    name: 'a value the client sends is kept',
    method: 'POST',
    url: URL,
    headers: { 'x-test-user': 'multi@example.com' },
    body: { amount: 3, office: 'North' },
    status: 200,
    contains: [{ data: { office: 'North' } }],
  },
  {
    name: 'several allowed and none marked default: no default',
    method: 'POST',
    url: URL,
    headers: { 'x-test-user': 'undecided@example.com' },
    body: { amount: 4 },
    status: 200,
    notContains: ['"office"'],
  },
  {
    name: 'a user without User Permissions gets no default',
    method: 'POST',
    url: URL,
    headers: { 'x-test-user': 'free@example.com' },
    body: { amount: 5 },
    status: 200,
    notContains: ['"office"'],
  },
];

for (const dialect of DIALECTS) {
  describe(`User Permission defaults on ${dialect}`, () => {
    let app: TestApp;
    before(async () => {
      app = await buildTestApp({ dialect, apps: [DEFAULTS_APP], migrate: true });
      await withContext(app.site, 'Administrator', async (ctx) => {
        await insertDoc(ctx, { doctype: 'Role', role_name: 'Clerk', desk_access: 1 });
        for (const office of ['North', 'South', 'East'])
          await insertDoc(ctx, { doctype: 'Branch Office', office_name: office });
        for (const email of ['solo', 'multi', 'undecided', 'free'].map((u) => `${u}@example.com`))
          await insertDoc(ctx, {
            doctype: 'User',
            email,
            first_name: email.split('@')[0],
            send_welcome_email: 0,
            roles: [{ role: 'Clerk' }],
          });
        const allow = (user: string, office: string, isDefault = 0) =>
          insertDoc(ctx, {
            doctype: 'User Permission',
            user,
            allow: 'Branch Office',
            for_value: office,
            is_default: isDefault,
            apply_to_all_doctypes: 1,
          });
        await allow('solo@example.com', 'North');
        await allow('multi@example.com', 'North');
        await allow('multi@example.com', 'South', 1);
        await allow('undecided@example.com', 'North');
        await allow('undecided@example.com', 'East');
      });
    });
    after(() => app?.close());
    itResolvedScenarios(scenarios, () => ({ app, names: {} }));
  });
}
