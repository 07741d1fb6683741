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
 * The desk's form and search endpoints — getdoc, get_docinfo, getdoctype,
 * savedocs, cancel, delete_items, search_link, search_widget — each with
 * who may and who may not, and hostile input.
 */

const CLERK = { 'x-test-user': 'clerk@example.com' };
const VIEWER = { 'x-test-user': 'viewer@example.com' };
const NOBODY = { 'x-test-user': 'nobody@example.com' };

const FORM_APP: AppDefinition = {
  name: 'desk_form_tests',
  version: '0.0.1',
  doctypes: [
    {
      doctype: 'DocType',
      name: 'Form Invoice',
      module: 'Desk Form Tests',
      autoname: 'format:FI-{###}',
      is_submittable: 1,
      title_field: 'customer',
      search_fields: 'region',
      show_title_field_in_link: 1,
      fields: [
        { fieldname: 'customer', fieldtype: 'Data' },
        { fieldname: 'region', fieldtype: 'Data' },
        { fieldname: 'disabled', fieldtype: 'Check' },
        { fieldname: 'items', fieldtype: 'Table', options: 'Form Invoice Item' },
      ],
      permissions: [
        { role: 'Clerk', read: 1, write: 1, create: 1, delete: 1, submit: 1, cancel: 1 },
        { role: 'Viewer', read: 1 },
      ],
    } as DocTypeJson,
    {
      doctype: 'DocType',
      name: 'Form Invoice Item',
      module: 'Desk Form Tests',
      istable: 1,
      fields: [
        { fieldname: 'item', fieldtype: 'Data' },
        { fieldname: 'qty', fieldtype: 'Int' },
      ],
    } as DocTypeJson,
  ],
};

/** A query string; JSON for non-string values. */
const q = (params: Record<string, unknown>) =>
  new URLSearchParams(
    Object.entries(params).map(([key, value]): [string, string] => [
      key,
      typeof value === 'string' ? value : JSON.stringify(value),
    ]),
  ).toString();

const LOAD = '/api/method/frappe.desk.form.load';
const SAVE = '/api/method/frappe.desk.form.save';
const SEARCH = '/api/method/frappe.desk.search';
const DELETE = '/api/method/frappe.desk.reportview.delete_items';

interface Body {
  message?: unknown;
  docs?: Record<string, unknown>[];
  docinfo?: Record<string, unknown>;
  _server_messages?: string;
}
const body = (r: { json: () => unknown }) => r.json() as Body;

const loadScenarios: ApiScenario[] = [
  {
    name: 'getdoc: the document in docs, comments and assignments in docinfo',
    url: `${LOAD}.getdoc?${q({ doctype: 'Form Invoice' })}&name={acme}`,
    headers: CLERK,
    status: 200,
    contains: [{ docs: [{ name: '{acme}', customer: 'Acme', __onload: {} }] }],
    notContains: ['key:message'],
    check: (r) => {
      const info = body(r).docinfo ?? {};
      assert.equal((info['comments'] as unknown[]).length, 1);
      assert.equal((info['assignments'] as unknown[]).length, 1);
      assert.deepEqual(info['attachments'], []);
      assert.deepEqual(info['communications'], []);
      assert.equal((info['permissions'] as Record<string, number>)['write'], 1);
      assert.ok('clerk@example.com' in (info['user_info'] as object));
    },
  },
  {
    name: 'getdoc: a reader sees the document and no write right',
    url: `${LOAD}.getdoc?${q({ doctype: 'Form Invoice' })}&name={acme}`,
    headers: VIEWER,
    status: 200,
    check: (r) => {
      const info = body(r).docinfo ?? {};
      assert.equal((info['permissions'] as Record<string, number>)['write'], 0);
      assert.equal((info['permissions'] as Record<string, number>)['read'], 1);
    },
  },
  {
    name: 'getdoc: a missing document is an empty message, as in Frappe',
    url: `${LOAD}.getdoc?${q({ doctype: 'Form Invoice', name: 'FI-999' })}`,
    headers: CLERK,
    status: 200,
    contains: [{ message: [] }],
  },
  {
    name: 'getdoc: a user without read is refused, even for a missing name',
    url: `${LOAD}.getdoc?${q({ doctype: 'Form Invoice', name: 'FI-999' })}`,
    headers: NOBODY,
    status: 403,
    contains: [{ exc_type: 'PermissionError' }],
    notContains: ['Acme'],
  },
  {
    name: 'getdoc: Guest is refused by the whitelist',
    url: `${LOAD}.getdoc?${q({ doctype: 'Form Invoice' })}&name={acme}`,
    status: 403,
    notContains: ['Acme'],
  },
  {
    name: 'getdoc: doctype is required',
    url: `${LOAD}.getdoc?${q({ name: 'FI-001' })}`,
    headers: CLERK,
    status: 417,
  },
  {
    name: 'get_docinfo: the side information alone',
    url: `${LOAD}.get_docinfo?${q({ doctype: 'Form Invoice' })}&name={acme}`,
    headers: VIEWER,
    status: 200,
    notContains: ['key:docs'],
    check: (r) => assert.equal(((body(r).docinfo ?? {})['comments'] as unknown[]).length, 1),
  },
  {
    name: 'get_docinfo: a user without read is refused',
    url: `${LOAD}.get_docinfo?${q({ doctype: 'Form Invoice' })}&name={acme}`,
    headers: NOBODY,
    status: 403,
  },
  {
    name: 'getdoctype: the DocType record with its child table records',
    url: `${LOAD}.getdoctype?${q({ doctype: 'Form Invoice' })}`,
    headers: VIEWER,
    status: 200,
    contains: [
      { docs: [{ name: 'Form Invoice', is_submittable: 1 }, { name: 'Form Invoice Item' }] },
      { user_settings: '{}' },
    ],
    check: (r) => {
      const fields = (body(r).docs?.[0]?.['fields'] ?? []) as { fieldname: string }[];
      assert.ok(fields.some((field) => field.fieldname === 'customer'));
    },
  },
  {
    name: 'getdoctype with_parent: the parent of a child table, named in parent_dt',
    url: `${LOAD}.getdoctype?${q({ doctype: 'Form Invoice Item', with_parent: '1' })}`,
    headers: CLERK,
    status: 200,
    contains: [{ parent_dt: 'Form Invoice', docs: [{ name: 'Form Invoice' }] }],
  },
  {
    name: 'getdoctype: a user with no right on the DocType is refused',
    url: `${LOAD}.getdoctype?${q({ doctype: 'Form Invoice' })}`,
    headers: NOBODY,
    status: 403,
    notContains: ['customer'],
  },
  {
    name: 'getdoctype: an unknown DocType is 404',
    url: `${LOAD}.getdoctype?${q({ doctype: 'No Such Thing' })}`,
    headers: CLERK,
    status: 404,
  },
  {
    name: 'getdoctype: Guest is refused',
    url: `${LOAD}.getdoctype?${q({ doctype: 'Form Invoice' })}`,
    status: 403,
  },
];

const newInvoice = (customer: string) => ({
  doctype: 'Form Invoice',
  name: 'new-form-invoice-1',
  __islocal: 1,
  customer,
  items: [
    {
      doctype: 'Form Invoice Item',
      name: 'new-form-invoice-item-1',
      __islocal: 1,
      item: 'x',
      qty: 2,
    },
  ],
});

const saveScenarios: ApiScenario[] = [
  {
    name: 'savedocs Save: a new document is inserted, its local name answered as localname',
    method: 'POST',
    url: `${SAVE}.savedocs`,
    headers: CLERK,
    body: { doc: JSON.stringify(newInvoice('Newco')), action: 'Save' },
    status: 200,
    contains: [
      { docs: [{ customer: 'Newco', docstatus: 0, localname: 'new-form-invoice-1' }] },
      'Saved',
    ],
    check: (r) => {
      const doc = body(r).docs?.[0] ?? {};
      assert.match(String(doc['name']), /^FI-\d{3}$/);
      assert.equal((doc['items'] as { qty: number }[])[0]?.qty, 2);
      assert.ok(body(r).docinfo);
    },
  },
  {
    name: 'savedocs Submit: a new document is inserted submitted',
    method: 'POST',
    url: `${SAVE}.savedocs`,
    headers: CLERK,
    body: { doc: JSON.stringify(newInvoice('Subco')), action: 'Submit' },
    status: 200,
    contains: [{ docs: [{ customer: 'Subco', docstatus: 1 }] }],
  },
  {
    name: 'savedocs Save of an existing document',
    method: 'POST',
    url: `${SAVE}.savedocs`,
    headers: CLERK,
    body: {
      doc: JSON.stringify({ doctype: 'Form Invoice', name: '{draft}', customer: 'Renamed Co' }),
      action: 'Save',
    },
    status: 200,
    contains: [{ docs: [{ name: '{draft}', customer: 'Renamed Co' }] }],
  },
  {
    name: 'savedocs: a stale copy is a TimestampMismatchError',
    method: 'POST',
    url: `${SAVE}.savedocs`,
    headers: CLERK,
    body: {
      doc: JSON.stringify({
        doctype: 'Form Invoice',
        name: '{draft}',
        customer: 'Stale',
        modified: '2001-01-01 00:00:00.000000',
      }),
      action: 'Save',
    },
    status: 417,
    contains: [{ exc_type: 'TimestampMismatchError' }],
  },
  {
    name: 'savedocs: a reader may not save',
    method: 'POST',
    url: `${SAVE}.savedocs`,
    headers: VIEWER,
    body: { doc: JSON.stringify(newInvoice('Nope')), action: 'Save' },
    status: 403,
  },
  {
    name: 'savedocs: a user who cannot read the DocType gets 403 for an existing name',
    method: 'POST',
    url: `${SAVE}.savedocs`,
    headers: NOBODY,
    body: {
      doc: JSON.stringify({ doctype: 'Form Invoice', name: '{draft}', customer: 'X' }),
      action: 'Save',
    },
    status: 403,
  },
  {
    name: 'savedocs: an unknown action is refused',
    method: 'POST',
    url: `${SAVE}.savedocs`,
    headers: CLERK,
    body: { doc: JSON.stringify(newInvoice('Bad')), action: 'Explode' },
    status: 417,
  },
  {
    name: 'savedocs: GET is not allowed',
    url: `${SAVE}.savedocs?${q({ doc: newInvoice('Get'), action: 'Save' })}`,
    headers: CLERK,
    status: 403,
  },
  {
    name: 'savedocs: doc must be a JSON object',
    method: 'POST',
    url: `${SAVE}.savedocs`,
    headers: CLERK,
    body: { doc: 'not json', action: 'Save' },
    status: 417,
  },
  {
    name: 'cancel: a reader may not cancel',
    method: 'POST',
    url: `${SAVE}.cancel`,
    headers: VIEWER,
    body: { doctype: 'Form Invoice', name: '{submitted}' },
    status: 403,
  },
  {
    name: 'cancel: a submitted document is cancelled and answered with docinfo',
    method: 'POST',
    url: `${SAVE}.cancel`,
    headers: CLERK,
    body: { doctype: 'Form Invoice', name: '{submitted}' },
    status: 200,
    contains: [{ docs: [{ name: '{submitted}', docstatus: 2 }] }, 'Cancelled'],
  },
  {
    name: 'cancel: a draft cannot be cancelled',
    method: 'POST',
    url: `${SAVE}.cancel`,
    headers: CLERK,
    body: { doctype: 'Form Invoice', name: '{acme}' },
    status: 417,
  },
  {
    name: 'cancel: a workflow state field that does not exist is refused',
    method: 'POST',
    url: `${SAVE}.cancel`,
    headers: CLERK,
    body: {
      doctype: 'Form Invoice',
      name: '{acme}',
      workflow_state_fieldname: 'nope; drop table x',
      workflow_state: 'Cancelled',
    },
    status: 417,
  },
];

const deleteScenarios: ApiScenario[] = [
  {
    name: 'delete_items: a reader deletes nothing and is told so',
    method: 'POST',
    url: DELETE,
    headers: VIEWER,
    body: { doctype: 'Form Invoice', items: JSON.stringify(['{gone1}']) },
    status: 200,
    contains: ['Failed to delete 1 documents'],
  },
  {
    name: 'delete_items: the documents are deleted',
    method: 'POST',
    url: DELETE,
    headers: CLERK,
    body: { doctype: 'Form Invoice', items: JSON.stringify(['{gone1}', '{gone2}']) },
    status: 200,
    contains: ['Deleted all documents successfully'],
  },
  {
    name: 'delete_items: they are gone',
    url: `/api/method/frappe.desk.reportview.get_count?${q({ doctype: 'Form Invoice', filters: [['name', 'in', ['{gone1}', '{gone2}']]] })}`,
    headers: CLERK,
    status: 200,
    contains: [{ message: 0 }],
  },
  {
    name: 'delete_items: a missing name is reported, the others still deleted',
    method: 'POST',
    url: DELETE,
    headers: CLERK,
    body: { doctype: 'Form Invoice', items: JSON.stringify(['FI-999', '{gone3}']) },
    status: 200,
    contains: ['Failed to delete 1 documents: FI-999'],
  },
  {
    name: 'delete_items: GET is not allowed',
    url: `${DELETE}?${q({ doctype: 'Form Invoice', items: ['{acme}'] })}`,
    headers: CLERK,
    status: 403,
  },
  {
    name: 'delete_items: items must be a JSON list',
    method: 'POST',
    url: DELETE,
    headers: CLERK,
    body: { doctype: 'Form Invoice', items: '{acme}' },
    status: 417,
  },
  {
    name: 'delete_items: Guest is refused',
    method: 'POST',
    url: DELETE,
    body: { doctype: 'Form Invoice', items: JSON.stringify(['{acme}']) },
    status: 403,
  },
];

const searchScenarios: ApiScenario[] = [
  {
    name: 'search_link: the title as label, the name as description',
    url: `${SEARCH}.search_link?${q({ doctype: 'Form Invoice', txt: 'acm' })}`,
    headers: VIEWER,
    status: 200,
    check: (r) => {
      const results = body(r).message as { value: string; label: string; description: string }[];
      assert.equal(results.length, 1);
      assert.equal(results[0]?.label, 'Acme');
      assert.match(results[0]?.description ?? '', /^FI-\d{3}, North$/);
    },
  },
  {
    name: 'search_link: search fields match too',
    url: `${SEARCH}.search_link?${q({ doctype: 'Form Invoice', txt: 'South' })}`,
    headers: VIEWER,
    status: 200,
    contains: [{ message: [{ label: 'Beta' }] }],
  },
  {
    name: 'search_link: disabled records are not offered',
    url: `${SEARCH}.search_link?${q({ doctype: 'Form Invoice', txt: 'Hidden' })}`,
    headers: VIEWER,
    status: 200,
    contains: [{ message: [] }],
  },
  {
    name: 'search_link: hostile text is only a search term',
    url: `${SEARCH}.search_link?${q({ doctype: 'Form Invoice', txt: "' OR 1=1; DROP TABLE `tabForm Invoice`; --" })}`,
    headers: VIEWER,
    status: 200,
    contains: [{ message: [] }],
  },
  {
    name: 'search_link: a NUL character is refused',
    url: `${SEARCH}.search_link?${q({ doctype: 'Form Invoice', txt: 'a\u0000b' })}`,
    headers: VIEWER,
    status: 417,
  },
  {
    name: 'search_link: a hostile searchfield is a DataError',
    url: `${SEARCH}.search_link?${q({ doctype: 'Form Invoice', txt: 'a', searchfield: 'name) or (1=1' })}`,
    headers: VIEWER,
    status: 417,
    contains: [{ exc_type: 'DataError' }],
  },
  {
    name: 'search_link: SQL as query is discontinued',
    url: `${SEARCH}.search_link?${q({ doctype: 'Form Invoice', txt: 'a', query: 'select name from tabUser' })}`,
    headers: VIEWER,
    status: 417,
  },
  {
    name: 'search_link: a query naming no whitelisted function is refused',
    url: `${SEARCH}.search_link?${q({ doctype: 'Form Invoice', txt: 'a', query: 'os.system' })}`,
    headers: VIEWER,
    status: 403,
  },
  {
    name: 'search_link: a user without read is refused',
    url: `${SEARCH}.search_link?${q({ doctype: 'Form Invoice', txt: 'a' })}`,
    headers: NOBODY,
    status: 403,
    notContains: ['Acme'],
  },
  {
    name: 'search_link: Guest is refused',
    url: `${SEARCH}.search_link?${q({ doctype: 'Form Invoice', txt: 'a' })}`,
    status: 403,
  },
  {
    name: 'search_widget: rows as lists, name first and the label second',
    url: `${SEARCH}.search_widget?${q({ doctype: 'Form Invoice', txt: 'Beta' })}`,
    headers: VIEWER,
    status: 200,
    check: (r) => {
      const rows = body(r).message as unknown[][];
      assert.equal(rows.length, 1);
      assert.equal(rows[0]?.[1], 'Beta');
    },
  },
  {
    name: 'search_widget as_dict with filters',
    url: `${SEARCH}.search_widget?${q({ doctype: 'Form Invoice', txt: '', as_dict: '1', filters: { region: 'North' } })}`,
    headers: VIEWER,
    status: 200,
    check: (r) => {
      const rows = body(r).message as Record<string, unknown>[];
      assert.ok(rows.length >= 1);
      assert.ok(rows.every((row) => row['region'] === 'North'));
    },
  },
  {
    name: 'search_widget: page_length limits the rows',
    url: `${SEARCH}.search_widget?${q({ doctype: 'Form Invoice', txt: '', page_length: '1' })}`,
    headers: VIEWER,
    status: 200,
    check: (r) => assert.equal((body(r).message as unknown[]).length, 1),
  },
  {
    name: 'search_widget: DocType names are searchable by any user',
    url: `${SEARCH}.search_widget?${q({ doctype: 'DocType', txt: 'Form Inv' })}`,
    headers: NOBODY,
    status: 200,
    check: (r) => {
      const names = (body(r).message as unknown[][]).map((row) => row[0]);
      assert.deepEqual(names, ['Form Invoice', 'Form Invoice Item']);
    },
  },
];

for (const dialect of DIALECTS) {
  describe(`desk form and search endpoints on ${dialect}`, () => {
    let app: TestApp;
    const names: Record<string, string> = {};
    before(async () => {
      app = await buildTestApp({ dialect, apps: [FORM_APP], migrate: true });
      await withContext(app.site, 'Administrator', async (ctx) => {
        for (const role of ['Clerk', 'Viewer'])
          await insertDoc(ctx, { doctype: 'Role', role_name: role, desk_access: 1 });
        for (const [email, roles] of [
          ['clerk@example.com', ['Clerk']],
          ['viewer@example.com', ['Viewer']],
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
        const seed = async (key: string, values: Record<string, unknown>) => {
          const doc = await insertDoc(ctx, { doctype: 'Form Invoice', ...values });
          names[key] = String(doc.name);
        };
        await seed('acme', { customer: 'Acme', region: 'North', items: [{ item: 'a', qty: 1 }] });
        await seed('submitted', { customer: 'Beta', region: 'South', docstatus: 1 });
        await seed('hidden', { customer: 'Hidden', region: 'North', disabled: 1 });
        await seed('draft', { customer: 'Draft Co', region: 'East' });
        for (const key of ['gone1', 'gone2', 'gone3']) await seed(key, { customer: key });
      });
      await withContext(app.site, 'Administrator', async (ctx) => {
        await insertDoc(ctx, {
          doctype: 'Comment',
          comment_type: 'Comment',
          reference_doctype: 'Form Invoice',
          reference_name: names['acme'],
          content: 'Looks good',
        });
        await insertDoc(ctx, {
          doctype: 'ToDo',
          description: 'Check Acme',
          allocated_to: 'clerk@example.com',
          reference_type: 'Form Invoice',
          reference_name: names['acme'],
        });
      });
    });
    after(() => app?.close());

    const world = () => ({ app, names });
    describe('form load', () => itResolvedScenarios(loadScenarios, world));
    describe('search', () => itResolvedScenarios(searchScenarios, world));
    describe('form save', () => itResolvedScenarios(saveScenarios, world));
    describe('bulk delete', () => itResolvedScenarios(deleteScenarios, world));
  });
}
