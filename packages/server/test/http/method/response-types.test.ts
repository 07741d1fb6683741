import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import type { DocTypeJson } from '@cortado/protocol';
import type { AppDefinition } from '../../../src/engine/runtime/app-definition.js';
import { insertDoc } from '../../../src/engine/document.js';
import { FileResponse, RedirectResponse } from '../../../src/engine/runtime/special-response.js';
import { withContext } from '../../../src/engine/runtime/with-context.js';
import { itResolvedScenarios } from '../resource/resource.fixtures.js';
import type { ApiScenario } from '../../helpers/api-scenario.js';
import { buildTestApp, type TestApp } from '../../helpers/build-test-app.js';
import { DIALECTS } from '../../helpers/dialects.js';

/*
 * Answers that are not JSON (docs/spec/api-rest-rpc.md §5.3–5.4): files of each
 * response type, redirects, and run_doc_method's as_csv.
 */

const USER = { 'x-test-user': 'Administrator' };

const RESPONSE_APP: AppDefinition = {
  name: 'response_types',
  version: '0.0.1',
  doctypes: [
    {
      doctype: 'DocType',
      name: 'Report Sheet',
      module: 'Response Types',
      autoname: 'format:RS-{###}',
      fields: [{ fieldname: 'title', fieldtype: 'Data' }],
      permissions: [{ role: 'System Manager', read: 1, write: 1, create: 1 }],
    } as DocTypeJson,
  ],
  controllers: {
    'Report Sheet': {
      methods: {
        rows: (doc) => [
          ['name', 'title', 'ok'],
          [doc.name, 'say "hi", then\nleave', true],
          ['x', null, false],
        ],
        not_rows: () => 'plain',
      },
    },
  },
  methods: [
    {
      path: 'response_types.api.csv',
      handler: () => new FileResponse('csv', 'Sales Invoice.csv', 'a,b\r\n1,2\r\n'),
    },
    {
      path: 'response_types.api.txt',
      handler: () => new FileResponse('txt', 'notes.txt', 'hello'),
    },
    {
      path: 'response_types.api.pdf',
      handler: () => new FileResponse('pdf', 'invoice.pdf', Buffer.from('%PDF-1.4')),
    },
    {
      path: 'response_types.api.binary',
      handler: () => new FileResponse('binary', 'blob.bin', Buffer.from([0, 1, 2])),
    },
    {
      path: 'response_types.api.download',
      handler: () => new FileResponse('download', 'data "quoted" €.json', '{"a":1}'),
    },
    {
      path: 'response_types.api.inline_html',
      handler: () =>
        new FileResponse('download', 'page.html', '<script>alert(1)</script>', 'inline'),
    },
    {
      path: 'response_types.api.redirect',
      allowGuest: true,
      handler: () => new RedirectResponse('/app/todo'),
    },
    {
      path: 'response_types.api.bad_redirect',
      handler: () => new RedirectResponse('javascript:alert(1)'),
    },
    {
      path: 'response_types.api.protocol_relative',
      handler: () => new RedirectResponse('//evil.example.com/x'),
    },
  ],
};

const API = '/api/method/response_types.api';

const scenarios: ApiScenario[] = [
  {
    name: 'csv: text/csv attachment',
    url: `${API}.csv`,
    headers: USER,
    status: 200,
    responseHeaders: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="Sales Invoice.csv"',
      'x-content-type-options': 'nosniff',
    },
    check: (r) => assert.equal(r.body, 'a,b\r\n1,2\r\n'),
  },
  {
    name: 'txt: text/plain attachment',
    url: `${API}.txt`,
    headers: USER,
    status: 200,
    responseHeaders: { 'content-type': 'text/plain; charset=utf-8' },
  },
  {
    name: 'pdf: shown inline',
    url: `${API}.pdf`,
    headers: USER,
    status: 200,
    responseHeaders: {
      'content-type': 'application/pdf',
      'content-disposition': 'inline; filename="invoice.pdf"',
    },
    check: (r) => assert.equal(r.body, '%PDF-1.4'),
  },
  {
    name: 'binary: octet-stream',
    url: `${API}.binary`,
    headers: USER,
    status: 200,
    responseHeaders: { 'content-type': 'application/octet-stream' },
    check: (r) => assert.deepEqual([...r.rawPayload], [0, 1, 2]),
  },
  {
    name: 'download: type from the file name, the name safely encoded',
    url: `${API}.download`,
    headers: USER,
    status: 200,
    responseHeaders: {
      'content-type': 'application/json',
      'content-disposition':
        'attachment; filename="data \\"quoted\\" ?.json"; filename*=UTF-8\'\'data%20%22quoted%22%20%E2%82%AC.json',
    },
  },
  {
    name: 'download: active content is never inline',
    url: `${API}.inline_html`,
    headers: USER,
    status: 200,
    responseHeaders: { 'content-disposition': 'attachment; filename="page.html"' },
  },
  {
    name: 'redirect: 302 to a path of the site',
    url: `${API}.redirect`,
    status: 302,
    responseHeaders: { location: '/app/todo' },
  },
  {
    name: 'redirect: a non-http location is refused',
    url: `${API}.bad_redirect`,
    headers: USER,
    status: 417,
    responseHeaders: { location: null },
  },
  {
    name: 'redirect: a protocol-relative location is parsed as a URL and refused',
    url: `${API}.protocol_relative`,
    headers: USER,
    status: 417,
    responseHeaders: { location: null },
  },
  {
    name: 'run_doc_method as_csv: the rows as Python csv writes them',
    method: 'POST',
    url: '/api/method/run_doc_method',
    headers: USER,
    body: { dt: 'Report Sheet', dn: '{sheet}', method: 'rows', as_csv: 1 },
    status: 200,
    responseHeaders: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="Report_Sheet.csv"',
    },
    check: (r) =>
      assert.equal(
        r.body,
        'name,title,ok\r\n{sheet},"say ""hi"", then\nleave",True\r\nx,,False\r\n'.replace(
          '{sheet}',
          'RS-001',
        ),
      ),
  },
  {
    name: 'run_doc_method as_csv: a result that is not rows is refused',
    method: 'POST',
    url: '/api/method/run_doc_method',
    headers: USER,
    body: { dt: 'Report Sheet', dn: '{sheet}', method: 'not_rows', as_csv: 1 },
    status: 417,
  },
  {
    name: 'run_doc_method without as_csv answers JSON',
    method: 'POST',
    url: '/api/method/run_doc_method',
    headers: USER,
    body: { dt: 'Report Sheet', dn: '{sheet}', method: 'not_rows' },
    status: 200,
    contains: [{ message: 'plain' }],
  },
  {
    name: 'a file method is still refused to Guest',
    url: `${API}.csv`,
    status: 403,
    notContains: ['a,b'],
  },
];

for (const dialect of DIALECTS) {
  describe(`response types on ${dialect}`, () => {
    let app: TestApp;
    const names: Record<string, string> = {};
    before(async () => {
      app = await buildTestApp({ dialect, apps: [RESPONSE_APP], migrate: true });
      await withContext(app.site, 'Administrator', async (ctx) => {
        names['sheet'] = String(
          (await insertDoc(ctx, { doctype: 'Report Sheet', title: 'Q1' })).name,
        );
      });
    });
    after(() => app?.close());
    itResolvedScenarios(scenarios, () => ({ app, names }));
  });
}
