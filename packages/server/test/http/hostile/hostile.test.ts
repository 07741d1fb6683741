import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { InjectOptions } from 'fastify';
import type { TestApp } from '../../helpers/build-test-app.js';
import { DIALECTS } from '../../helpers/dialects.js';
import {
  buildApiWorld,
  countRows,
  resolveScenario,
  seedDocs,
  WRITER,
  type SeededNames,
} from '../resource/resource.fixtures.js';

/*
 * Hostile input: every request must be answered with a 4xx and Frappe's
 * error body (never a 500, never a stack), and must write nothing.
 */

const T = '/api/resource/Test%20Task';
const M = '/api/method/frappe.client';
const TABLES = ['Test Task', 'Task Item', 'Test Order', 'Named Thing', 'User', 'Has Role'];
const MAX_BODY = 64 * 1024;

interface Attack {
  readonly name: string;
  readonly method?: InjectOptions['method'];
  readonly url: string;
  readonly body?: unknown;
  readonly contentType?: string;
  readonly headers?: Record<string, string>;
}

const enc = encodeURIComponent;
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const nestedObject = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

const SQL_IN_IDENTIFIERS: Attack[] = [
  ...[
    'name; DROP TABLE `tabTest Task`',
    'name from `tabUser` --',
    '(select name from tabUser)',
    'sleep(3)',
    'version()',
    'name /* comment */',
    'name union select name from tabUser',
    '`tabUser`.`name`',
    'name as `x`; delete from tabUser',
  ].map((field): Attack => ({
    name: `fields: ${field}`,
    url: `${T}?fields=${enc(JSON.stringify(['name', field]))}`,
  })),
  ...[
    'name; drop table x',
    '(select 1)',
    'sleep(1)',
    'name desc, (case when 1=1 then name end)',
    'name desc --',
    'name desc; delete from `tabTest Task`',
  ].map((order): Attack => ({ name: `order_by: ${order}`, url: `${T}?order_by=${enc(order)}` })),
  { name: 'group_by: union', url: `${T}?group_by=${enc('name union select name from tabUser')}` },
  {
    name: 'filter field injection',
    url: `${T}?filters=${enc(JSON.stringify([['name`; drop table x; --', '=', 'x']]))}`,
  },
  {
    name: 'filter operator injection',
    url: `${T}?filters=${enc(JSON.stringify([['name', '= 1 or 1=1 --', 'x']]))}`,
  },
  {
    name: 'filter dict key injection',
    url: `${T}?filters=${enc(JSON.stringify({ 'name = name or 1': 'x' }))}`,
  },
  {
    name: 'or_filters field injection',
    url: `${T}?or_filters=${enc(JSON.stringify([['1=1) or (1', '=', '1']]))}`,
  },
  { name: 'limit_start SQL', url: `${T}?limit_start=${enc('1; drop table x')}` },
  { name: 'limit_page_length SQL', url: `${T}?limit_page_length=${enc('1 union select 1')}` },
  { name: 'huge page length', url: `${T}?limit_page_length=99999999999999999999` },
  {
    name: 'get_value fieldname injection',
    url: `${M}.get_value?doctype=Test%20Task&fieldname=${enc('name from tabUser --')}&filters=x`,
  },
  {
    name: 'get_list doctype injection',
    url: `${M}.get_list?doctype=${enc('Test Task`; drop table x; --')}`,
  },
  {
    name: 'get_count filters injection',
    url: `${M}.get_count?doctype=Test%20Task&filters=${enc('[["(select 1)","=","1"]]')}`,
  },
];

const PATH_TRICKS: Attack[] = [
  { name: 'DocType with SQL', url: `/api/resource/${enc('Test Task; drop table x')}` },
  { name: 'DocType path traversal', url: `/api/resource/..%2F..%2Fsite_config.json` },
  { name: 'DocType is a table name', url: '/api/resource/tabUser' },
  { name: 'name path traversal', url: `${T}/..%2F..%2Fsite_config.json` },
  { name: 'name with raw ../', method: 'DELETE', url: `${T}/../../site_config.json` },
  { name: 'name with quote injection', url: `${T}/${enc("x' or '1'='1")}` },
  { name: 'name with NUL byte', url: `${T}/a%00b` },
  {
    name: 'update name with NUL byte',
    method: 'PUT',
    url: `${T}/a%00b`,
    body: { description: 'x' },
  },
  {
    name: 'NUL byte in a filter value',
    url: `${T}?filters=${enc(JSON.stringify([['name', '=', 'a\u0000b']]))}`,
  },
  {
    name: 'NUL byte in a body key',
    method: 'POST',
    url: T,
    body: { description: 'x', 'a\u0000b': 1 },
  },
  {
    name: 'run_method on the prototype',
    method: 'POST',
    url: `${T}/{task}?run_method=constructor`,
  },
  { name: 'run_method __proto__', method: 'POST', url: `${T}/{task}?run_method=__proto__` },
  {
    name: 'v2 method path trick',
    url: `/api/v2/document/Test%20Task/{task}/method/..%2F..%2Fping`,
  },
  { name: 'unknown site header', url: T, headers: { 'x-frappe-site-name': '../../etc' } },
];

const BODIES: Attack[] = [
  {
    name: 'oversized body',
    method: 'POST',
    url: T,
    body: { description: 'x'.repeat(MAX_BODY * 2) },
  },
  {
    name: 'deeply nested array body',
    method: 'POST',
    url: T,
    body: `{"description":${nested(5000)}}`,
    contentType: 'application/json',
  },
  {
    name: 'deeply nested object value',
    method: 'POST',
    url: T,
    body: `{"description":${nestedObject(5000)}}`,
    contentType: 'application/json',
  },
  { name: 'deeply nested filters', url: `${T}?filters=${enc(nested(2000))}` },
  {
    name: 'malformed JSON body',
    method: 'POST',
    url: T,
    body: '{"description": "x",',
    contentType: 'application/json',
  },
  {
    name: 'JSON string body',
    method: 'POST',
    url: T,
    body: '"just a string"',
    contentType: 'application/json',
  },
  {
    name: 'JSON array body',
    method: 'POST',
    url: T,
    body: '[{"description":"x"}]',
    contentType: 'application/json',
  },
  {
    name: '__proto__ in the body',
    method: 'POST',
    url: T,
    body: '{"description":"x","__proto__":{"owner":"Administrator"}}',
    contentType: 'application/json',
  },
  {
    name: 'XML content type',
    method: 'POST',
    url: T,
    body: '<doc><description>x</description></doc>',
    contentType: 'application/xml',
  },
  {
    name: 'text/plain body',
    method: 'POST',
    url: T,
    body: 'description=x',
    contentType: 'text/plain',
  },
  {
    name: 'data= not JSON',
    method: 'POST',
    url: T,
    body: 'data=%7Bnot%20json',
    contentType: 'application/x-www-form-urlencoded',
  },
  { name: 'object in a Data field', method: 'POST', url: T, body: { description: { $gt: '' } } },
  {
    name: 'array in an Int field',
    method: 'POST',
    url: T,
    body: { description: 'x', priority: [1, 2] },
  },
  {
    name: 'child rows not an array',
    method: 'POST',
    url: T,
    body: { description: 'x', items: 'drop table' },
  },
  {
    name: 'child row of another parent',
    method: 'PUT',
    url: `${T}/{task2}`,
    body: { items: [{ name: '{row1}', qty: 3 }] },
  },
  {
    name: 'frappe.client.insert with a NUL byte',
    method: 'POST',
    url: `${M}.insert`,
    body: { doc: { doctype: 'Test Task', description: 'a\u0000b' } },
  },
  {
    name: 'frappe.client.insert nested deeply',
    method: 'POST',
    url: `${M}.insert`,
    body: `{"doc":{"doctype":"Test Task","description":${nested(5000)}}}`,
    contentType: 'application/json',
  },
  {
    name: 'frappe.client.get_list with NUL in filters',
    url: `${M}.get_list?doctype=Test%20Task&filters=${enc(JSON.stringify({ name: 'a\u0000' }))}`,
  },
  {
    name: 'insert_many with a bad entry',
    method: 'POST',
    url: `${M}.insert_many`,
    body: { docs: [{ doctype: 'Test Task', description: 'ok' }, 'x'] },
  },
];

const MASS_ASSIGNMENT: Attack[] = [
  {
    name: 'insert with docstatus 2',
    method: 'POST',
    url: T,
    body: { description: 'x', docstatus: 2 },
  },
  {
    name: 'insert submitted on a non-submittable DocType',
    method: 'POST',
    url: T,
    body: { description: 'x', docstatus: 1 },
  },
  { name: 'update owner', method: 'PUT', url: `${T}/{task}`, body: { owner: 'Administrator' } },
  {
    name: 'update creation',
    method: 'PUT',
    url: `${T}/{task}`,
    body: { creation: '2000-01-01 00:00:00' },
  },
  { name: 'update name', method: 'PUT', url: `${T}/{task}`, body: { name: 'hijacked' } },
  {
    name: 'update docstatus to cancelled',
    method: 'PUT',
    url: `${T}/{task}`,
    body: { docstatus: 2 },
  },
  {
    name: 'v2 update owner',
    method: 'PATCH',
    url: `/api/v2/document/Test%20Task/{task}`,
    body: { owner: 'Administrator' },
  },
  {
    name: 'set_value owner',
    method: 'POST',
    url: `${M}.set_value`,
    body: { doctype: 'Test Task', name: '{task}', fieldname: { owner: 'Administrator' } },
  },
  {
    name: 'set_value docstatus',
    method: 'POST',
    url: `${M}.set_value`,
    body: { doctype: 'Test Task', name: '{task}', fieldname: 'docstatus', value: 1 },
  },
  {
    name: 'bulk_update is not a way to create',
    method: 'POST',
    url: `${M}.insert`,
    body: { doc: { doctype: 'Test Task', description: 'x', docstatus: 2 } },
  },
];

/** SQL in values is data: parameterised, so the answer is simply "no rows". */
const SQL_IN_VALUES: Attack[] = [
  {
    name: 'filter value with quotes',
    url: `${T}?filters=${enc(JSON.stringify([['name', '=', "x' or '1'='1"]]))}`,
  },
  {
    name: 'like pattern with SQL',
    url: `${T}?filters=${enc(JSON.stringify([['description', 'like', "%'; drop table x; --"]]))}`,
  },
  {
    name: 'in list with SQL',
    url: `${T}?filters=${enc(JSON.stringify([['name', 'in', ["a') or ('1'='1", 'b']]]))}`,
  },
];

for (const dialect of DIALECTS) {
  describe(`hostile input (${dialect})`, () => {
    let app: TestApp;
    let names: SeededNames;
    let counts: number[];
    before(async () => {
      app = await buildApiWorld(dialect, { max_file_size: MAX_BODY });
      names = await seedDocs(app);
      counts = await Promise.all(TABLES.map((table) => countRows(app, table)));
    });
    after(() => app.close());

    const send = (attack: Attack) => {
      const { url, body } = resolveScenario(
        {
          name: attack.name,
          url: attack.url,
          status: 0,
          ...(attack.body === undefined ? {} : { body: attack.body }),
        },
        names,
      );
      const payload =
        body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
      const contentType =
        attack.contentType ?? (typeof body === 'object' ? 'application/json' : undefined);
      return app.app.inject({
        method: attack.method ?? 'GET',
        url,
        headers: {
          ...WRITER,
          ...(contentType === undefined ? {} : { 'content-type': contentType }),
          ...attack.headers,
        },
        ...(payload === undefined ? {} : { payload }),
      });
    };

    const assertNothingWritten = async (label: string) =>
      assert.deepEqual(
        await Promise.all(TABLES.map((table) => countRows(app, table))),
        counts,
        `${label} changed row counts`,
      );

    for (const attack of [...SQL_IN_IDENTIFIERS, ...PATH_TRICKS, ...BODIES, ...MASS_ASSIGNMENT]) {
      it(`rejects ${attack.name}`, async () => {
        const response = await send(attack);
        const label = `${attack.name}: ${response.statusCode} ${response.body.slice(0, 300)}`;
        assert.ok(response.statusCode >= 400 && response.statusCode < 500, label);
        const parsed = response.json() as { exc_type?: string; errors?: Array<{ type: string }> };
        assert.ok(
          typeof parsed.exc_type === 'string' || typeof parsed.errors?.[0]?.type === 'string',
          label,
        );
        assert.ok(!response.body.includes('    at '), `${label}\nleaks a stack`);
        await assertNothingWritten(attack.name);
      });
    }

    for (const attack of SQL_IN_VALUES) {
      it(`treats ${attack.name} as data`, async () => {
        const response = await send(attack);
        assert.equal(response.statusCode, 200, response.body);
        assert.deepEqual(response.json(), { data: [] });
        await assertNothingWritten(attack.name);
      });
    }

    it('stored documents are untouched afterwards', async () => {
      const response = await app.app.inject({ url: `${T}/${names['task']}`, headers: WRITER });
      assert.equal(response.json().data.owner, 'writer@example.com');
      assert.equal(response.json().data.docstatus, 0);
    });
  });
}
