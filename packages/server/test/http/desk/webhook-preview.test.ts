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
 * The Webhook form's preview buttons through run_doc_method: the condition
 * and the body for a chosen document, read as the caller may read it.
 */

const MANAGER = { 'x-test-user': 'manager@example.com' };
const CLERK = { 'x-test-user': 'clerk@example.com' };

const PREVIEW_APP: AppDefinition = {
  name: 'webhook_preview_tests',
  version: '0.0.1',
  doctypes: [
    {
      doctype: 'DocType',
      name: 'Preview Order',
      module: 'Webhook Preview Tests',
      autoname: 'format:PO-{###}',
      fields: [
        { fieldname: 'customer', fieldtype: 'Data' },
        { fieldname: 'amount', fieldtype: 'Int' },
        { fieldname: 'margin_note', fieldtype: 'Data', permlevel: 1 },
      ],
      permissions: [
        { role: 'System Manager', read: 1, write: 1, create: 1 },
        { role: 'Clerk', read: 1 },
        { role: 'Auditor', permlevel: 1, read: 1 },
      ],
    } as DocTypeJson,
    {
      doctype: 'DocType',
      name: 'Sealed Order',
      module: 'Webhook Preview Tests',
      autoname: 'format:SO-{###}',
      fields: [{ fieldname: 'customer', fieldtype: 'Data' }],
      permissions: [{ role: 'Auditor', read: 1, write: 1, create: 1 }],
    } as DocTypeJson,
  ],
};

const webhook = (values: Record<string, unknown>) => ({
  doctype: 'Webhook',
  name: 'new-webhook-1',
  __islocal: 1,
  webhook_doctype: 'Preview Order',
  webhook_docevent: 'on_update',
  request_url: 'https://example.com/hook',
  preview_document: '{order}',
  ...values,
});

const call = (method: string, doc: Record<string, unknown>) => ({
  method,
  docs: JSON.stringify(doc),
});

const RUN = '/api/method/run_doc_method';

const scenarios: ApiScenario[] = [
  {
    name: 'preview_meets_condition: Yes when the condition holds',
    method: 'POST',
    url: RUN,
    headers: MANAGER,
    body: call('preview_meets_condition', webhook({ condition: 'doc.amount > 10' })),
    status: 200,
    contains: [{ message: 'Yes' }],
  },
  {
    name: 'preview_meets_condition: No when it does not',
    method: 'POST',
    url: RUN,
    headers: MANAGER,
    body: call('preview_meets_condition', webhook({ condition: 'doc.amount > 1000' })),
    status: 200,
    contains: [{ message: 'No' }],
  },
  {
    name: 'preview_meets_condition: Yes without a condition',
    method: 'POST',
    url: RUN,
    headers: MANAGER,
    body: call('preview_meets_condition', webhook({})),
    status: 200,
    contains: [{ message: 'Yes' }],
  },
  {
    name: 'preview_meets_condition: a field the caller cannot read is not there to test',
    method: 'POST',
    url: RUN,
    headers: MANAGER,
    body: call('preview_meets_condition', webhook({ condition: 'doc.margin_note == "thin"' })),
    status: 200,
    notContains: ['"message":"Yes"'],
  },
  {
    name: 'preview_request_body: the body the webhook would send, without unreadable fields',
    method: 'POST',
    url: RUN,
    headers: MANAGER,
    body: call('preview_request_body', webhook({})),
    status: 200,
    contains: ['"message":"{\\n \\"data\\": {', '\\"amount\\": 42,'],
    notContains: ['thin'],
    check: (r) => {
      const text = (r.json() as { message: string }).message;
      const parsed = JSON.parse(text) as { doctype: string; data: Record<string, unknown> };
      assert.equal(parsed.doctype, 'Preview Order');
      assert.equal(parsed.data['customer'], 'Acme');
      assert.ok(!('margin_note' in parsed.data));
    },
  },
  {
    name: 'preview_request_body: webhook_data rows pick the fields',
    method: 'POST',
    url: RUN,
    headers: MANAGER,
    body: call(
      'preview_request_body',
      webhook({ webhook_data: [{ fieldname: 'customer', key: 'who' }] }),
    ),
    status: 200,
    contains: [{ message: '{\n "who": "Acme"\n}' }],
  },
  {
    name: 'preview: a document the caller cannot read is refused, as text',
    method: 'POST',
    url: RUN,
    headers: MANAGER,
    body: call(
      'preview_request_body',
      webhook({ webhook_doctype: 'Sealed Order', preview_document: '{sealed}' }),
    ),
    status: 200,
    contains: ['Failed to compute request body'],
    notContains: ['Secret Co'],
  },
  {
    name: 'preview: a missing document is reported, as text',
    method: 'POST',
    url: RUN,
    headers: MANAGER,
    body: call(
      'preview_meets_condition',
      webhook({ condition: 'doc.amount > 1', preview_document: 'PO-999' }),
    ),
    status: 200,
    contains: ['Failed to evaluate conditions'],
  },
  {
    name: 'preview: a user who may not read Webhooks is refused',
    method: 'POST',
    url: RUN,
    headers: CLERK,
    body: call('preview_request_body', webhook({})),
    status: 403,
    notContains: ['Acme'],
  },
  {
    name: 'preview: Guest is refused',
    method: 'POST',
    url: RUN,
    body: call('preview_request_body', webhook({})),
    status: 403,
    notContains: ['Acme'],
  },
  {
    name: 'get_all_queues: the queues, for a System Manager',
    url: '/api/method/frappe.integrations.doctype.webhook.webhook.get_all_queues',
    headers: MANAGER,
    status: 200,
    contains: [{ message: ['short', 'default', 'long'] }],
  },
  {
    name: 'get_all_queues: anyone else is refused',
    url: '/api/method/frappe.integrations.doctype.webhook.webhook.get_all_queues',
    headers: CLERK,
    status: 403,
  },
  {
    name: 'get_all_queues: Guest is refused',
    url: '/api/method/frappe.integrations.doctype.webhook.webhook.get_all_queues',
    status: 403,
  },
];

for (const dialect of DIALECTS) {
  describe(`webhook previews on ${dialect}`, () => {
    let app: TestApp;
    const names: Record<string, string> = {};
    before(async () => {
      app = await buildTestApp({ dialect, apps: [PREVIEW_APP], migrate: true });
      await withContext(app.site, 'Administrator', async (ctx) => {
        for (const role of ['Clerk', 'Auditor'])
          await insertDoc(ctx, { doctype: 'Role', role_name: role, desk_access: 1 });
        for (const [email, roles] of [
          ['manager@example.com', ['System Manager']],
          ['clerk@example.com', ['Clerk']],
        ] as const)
          await insertDoc(ctx, {
            doctype: 'User',
            email,
            first_name: email.split('@')[0],
            send_welcome_email: 0,
            roles: roles.map((role) => ({ role })),
          });
        const order = await insertDoc(ctx, {
          doctype: 'Preview Order',
          customer: 'Acme',
          amount: 42,
          margin_note: 'thin',
        });
        const sealed = await insertDoc(ctx, { doctype: 'Sealed Order', customer: 'Secret Co' });
        names['order'] = String(order.name);
        names['sealed'] = String(sealed.name);
      });
    });
    after(() => app?.close());

    itResolvedScenarios(scenarios, () => ({ app, names }));
  });
}
