import assert from 'node:assert/strict';
import { decodeServerMessages } from '@cortado/protocol';
import { ValidationError } from '../../src/core/errors/index.js';
import type { AppDefinition } from '../../src/engine/runtime/app-definition.js';
import { insertDoc } from '../../src/engine/document.js';
import { msgprint } from '../../src/engine/runtime/msgprint.js';
import { withContext } from '../../src/engine/runtime/with-context.js';
import { ADMIN, describeVectors, named, postDoc, type Vector } from './vector-world.js';

/*
 * Test vectors of docs/spec/api-rest-rpc.md §13 that no other suite names.
 * A15 and A31 answer JSON where Frappe sends HTML (docs/errors.md, spec §14.3).
 * A28 also checks plain maintenance mode (§1 step 2).
 * Not here: A3–A5, A29, A30 (auth/CORS vector suites), A25 (no Website Theme
 * DocType in the core app), A19's ZeroDivisionError (JavaScript has none: an
 * unexpected error is a masked 500 `Exception`, tested below).
 */

const vectorMethods: AppDefinition = {
  name: 'vector_methods',
  version: '0.0.1',
  doctypes: [],
  methods: [
    {
      path: 'vector_methods.api.say',
      allowGuest: true,
      handler: (args, ctx) => void msgprint(ctx, String(args.message)),
    },
    {
      path: 'vector_methods.api.fail',
      allowGuest: true,
      handler: (args) => {
        throw new ValidationError(String(args.message ?? 'Failed'));
      },
    },
    {
      path: 'vector_methods.api.divide',
      allowGuest: true,
      handler: () => {
        throw new RangeError('division by zero');
      },
    },
    { path: 'vector_methods.api.data', handler: (args) => args.data },
    {
      path: 'vector_methods.api.add_todo',
      handler: async (args, ctx) =>
        (await insertDoc(ctx, { doctype: 'ToDo', description: String(args.description) })).name,
    },
  ],
};

const JSON_BODY = { 'content-type': 'application/json' };
const messages = (body: string) =>
  decodeServerMessages((JSON.parse(body) as { _server_messages: string })._server_messages);
const noNullValues = (data: Record<string, unknown>) =>
  assert.deepEqual(
    Object.entries(data).filter(([, value]) => value === null),
    [],
  );

const vectors: Vector[] = [
  {
    name: 'A1 ping without auth',
    url: '/api/method/ping',
    status: 200,
    check: (r) => assert.deepEqual(r.json(), { message: 'pong' }),
  },
  {
    name: 'A2 v2 ping',
    url: '/api/v2/method/ping',
    status: 200,
    check: (r) => assert.deepEqual(r.json(), { data: 'pong' }),
  },
  {
    name: 'A6 guest on a non-guest method',
    url: '/api/method/frappe.auth.get_logged_user',
    status: 403,
    contains: [{ exc_type: 'PermissionError' }],
    check: (r) => {
      const [message] = messages(r.body);
      assert.match(message?.message ?? '', /is not whitelisted/);
      assert.equal(message?.title, 'Method Not Allowed');
    },
  },
  {
    name: 'A7 set_value by GET is Not permitted',
    url: '/api/method/frappe.client.set_value?doctype=ToDo&name=X&fieldname=status&value=Closed',
    headers: ADMIN,
    status: 403,
    contains: [{ exc_type: 'PermissionError' }],
    check: (r) => assert.equal(messages(r.body)[0]?.message, 'Not permitted'),
  },
  {
    name: 'A8 unknown method',
    url: '/api/method/nosuchapp.api.fn',
    headers: ADMIN,
    status: 417,
    contains: [{ exc_type: 'ValidationError' }],
    check: (r) =>
      assert.match(
        messages(r.body)[0]?.message ?? '',
        /^Failed to get method for command nosuchapp\.api\.fn with/,
      ),
  },
  {
    name: 'A9 POST ToDo',
    method: 'POST',
    url: '/api/resource/ToDo',
    headers: ADMIN,
    body: { description: 'x' },
    status: 200,
    contains: [{ data: { doctype: 'ToDo', description: 'x', status: 'Open', docstatus: 0 } }],
    check: (r) => noNullValues(r.json<{ data: Record<string, unknown> }>().data),
  },
  named('A10 PUT ToDo', ({ todo }) => ({
    method: 'PUT',
    url: `/api/resource/ToDo/${todo}`,
    headers: ADMIN,
    body: { description: 'y' },
    status: 200,
    contains: [{ data: { name: todo, description: 'y' } }],
  })),
  named('A10 the following GET shows the change', ({ todo }) => ({
    url: `/api/resource/ToDo/${todo}`,
    headers: ADMIN,
    status: 200,
    contains: [{ data: { description: 'y' } }],
  })),
  named('A11 DELETE ToDo is 202 ok', ({ doomed }) => ({
    method: 'DELETE',
    url: `/api/resource/ToDo/${doomed}`,
    headers: ADMIN,
    status: 202,
    check: (r) => assert.deepEqual(r.json(), { data: 'ok' }),
  })),
  named('A11 the deleted ToDo is 404', ({ doomed }) => ({
    url: `/api/resource/ToDo/${doomed}`,
    headers: ADMIN,
    status: 404,
    contains: [{ exc_type: 'DoesNotExistError' }],
  })),
  {
    name: 'A12 missing User',
    url: '/api/resource/User/NonExistent@s.com',
    headers: ADMIN,
    status: 404,
    contains: [{ exc_type: 'DoesNotExistError' }],
    notContains: ['key:exception', 'key:exc'],
  },
  {
    name: 'A13 no read permission is 403 before existence',
    url: '/api/resource/Webhook/NOPE',
    headers: { 'x-test-user': 'nobody@example.com' },
    status: 403,
    contains: [{ exc_type: 'PermissionError' }],
  },
  {
    name: 'A14 /api/rest',
    url: '/api/rest',
    headers: ADMIN,
    status: 404,
    contains: [{ exc_type: 'DoesNotExistError' }],
  },
  named('A15 PATCH is 405 (JSON by design, §14.3)', ({ todo }) => ({
    method: 'PATCH',
    url: `/api/resource/ToDo/${todo}`,
    headers: { ...ADMIN, ...JSON_BODY },
    body: '{}',
    status: 405,
    contains: [{ exc_type: 'MethodNotAllowed' }],
  })),
  {
    name: 'A16 list without auth',
    url: '/api/resource/ToDo',
    status: 403,
    contains: [{ exc_type: 'PermissionError' }],
  },
  {
    name: 'A17 msgprint: _server_messages only',
    url: '/api/method/vector_methods.api.say?message=Failed',
    status: 200,
    notContains: ['key:message'],
    check: (r) => assert.deepEqual(messages(r.body), [{ message: 'Failed', title: 'Message' }]),
  },
  {
    name: 'A18 thrown ValidationError',
    url: '/api/method/vector_methods.api.fail?message=Failed',
    headers: ADMIN,
    status: 417,
    contains: [{ exc_type: 'ValidationError' }],
    check: (r) => {
      const [message] = messages(r.body);
      assert.equal(message?.message, 'Failed');
      assert.equal(message?.indicator, 'red');
      assert.equal(message?.raise_exception, 1);
    },
  },
  {
    name: 'A19 unexpected error is 500 without _server_messages text of the error',
    url: '/api/method/vector_methods.api.divide',
    headers: ADMIN,
    status: 500,
    notContains: ['division by zero'],
  },
  {
    name: 'A20 JSON array body becomes data',
    method: 'POST',
    url: '/api/method/vector_methods.api.data',
    headers: ADMIN,
    body: [0, 1, 2, 3, 4],
    status: 200,
    check: (r) => assert.deepEqual(r.json(), { message: [0, 1, 2, 3, 4] }),
  },
  named('A21 expand_links', ({ allocated }) => ({
    url: `/api/resource/ToDo/${allocated}?expand_links=1`,
    headers: ADMIN,
    status: 200,
    contains: [{ data: { allocated_to: { name: 'Administrator', doctype: 'User' } } }],
  })),
  {
    name: 'A22 v2 DELETE of a missing document',
    method: 'DELETE',
    url: '/api/v2/document/ToDo/no-such-todo',
    headers: ADMIN,
    status: 404,
    contains: [{ errors: [{ type: 'DoesNotExistError' }] }],
    notContains: ['key:exception', 'exception'],
  },
  {
    name: 'A23 v2 thrown error',
    url: '/api/v2/method/vector_methods.api.fail?message=Failed%20v2',
    headers: ADMIN,
    status: 417,
    contains: [
      {
        errors: [
          { type: 'ValidationError', message: 'Failed v2', title: 'Message', indicator: 'red' },
        ],
      },
    ],
    notContains: ['raise_exception', '__frappe_exc_id'],
  },
  {
    name: 'A24 v2 msgprint',
    url: '/api/v2/method/vector_methods.api.say?message=Failed%20v2',
    status: 200,
    check: (r) =>
      assert.deepEqual(r.json(), { messages: [{ message: 'Failed v2', title: 'Message' }] }),
  },
  {
    name: 'A26 v2 count',
    url: '/api/v2/doctype/ToDo/count',
    headers: ADMIN,
    status: 200,
    check: (r) => assert.ok(Number.isInteger(r.json<{ data: unknown }>().data)),
  },
  {
    name: 'A27 v2 meta',
    url: '/api/v2/doctype/ToDo/meta',
    headers: ADMIN,
    status: 200,
    contains: [{ data: { name: 'ToDo' } }],
    check: (r) => assert.ok(Array.isArray(r.json<{ data: { fields: unknown } }>().data.fields)),
  },
  {
    name: 'A31 404 for a browser (JSON by design, §14.3)',
    url: '/api/resource/User/NonExistent@s.com',
    headers: { ...ADMIN, accept: 'text/html' },
    status: 404,
    contains: [{ exc_type: 'DoesNotExistError' }],
  },
  {
    name: 'A32 GET call that inserts is rolled back',
    url: '/api/method/vector_methods.api.add_todo?description=a32-get',
    headers: ADMIN,
    status: 200,
  },
  {
    name: 'A32 nothing persisted by the GET',
    url: '/api/method/frappe.client.get_count?doctype=ToDo&filters={"description":"a32-get"}',
    headers: ADMIN,
    status: 200,
    check: (r) => assert.deepEqual(r.json(), { message: 0 }),
  },
  {
    name: 'A32 POST call persists',
    method: 'POST',
    url: '/api/method/vector_methods.api.add_todo',
    headers: ADMIN,
    body: { description: 'a32-post' },
    status: 200,
  },
  {
    name: 'A32 the POST insert exists',
    url: '/api/method/frappe.client.get_count?doctype=ToDo&filters={"description":"a32-post"}',
    headers: ADMIN,
    status: 200,
    check: (r) => assert.deepEqual(r.json(), { message: 1 }),
  },
  {
    name: 'A33 insert_many over 200',
    method: 'POST',
    url: '/api/method/frappe.client.insert_many',
    headers: ADMIN,
    body: {
      docs: Array.from({ length: 201 }, (_, i) => ({ doctype: 'ToDo', description: `a33-${i}` })),
    },
    status: 417,
    check: (r) =>
      assert.match(messages(r.body)[0]?.message ?? '', /Only 200 inserts allowed in one request/),
  },
  {
    name: 'A33 nothing inserted',
    url: '/api/method/frappe.client.get_count?doctype=ToDo&filters=[["description","like","a33-%25"]]',
    headers: ADMIN,
    status: 200,
    check: (r) => assert.deepEqual(r.json(), { message: 0 }),
  },
  named('A34 stale modified', ({ todo }) => ({
    method: 'PUT',
    url: `/api/resource/ToDo/${todo}`,
    headers: ADMIN,
    body: { description: 'z', modified: '2001-01-01 00:00:00.000000' },
    status: 417,
    contains: [{ exc_type: 'TimestampMismatchError' }],
  })),
];

describeVectors(
  'docs/spec/api-rest-rpc.md §13',
  {
    apps: [vectorMethods],
    seed: async (t) => ({
      todo: await postDoc(t, 'ToDo', { description: 'x' }),
      doomed: await postDoc(t, 'ToDo', { description: 'to delete' }),
      allocated: await postDoc(t, 'ToDo', { description: 'mine', allocated_to: 'Administrator' }),
    }),
  },
  vectors,
);

const READ_ONLY_MAINTENANCE: Vector[] = [
  {
    name: 'A28 reads work during read-only maintenance',
    url: '/api/resource/ToDo',
    headers: ADMIN,
    status: 200,
    check: (r) => assert.equal(r.json<{ data: unknown[] }>().data.length, 1),
  },
  {
    name: 'A28 an insert is InReadOnlyMode',
    method: 'POST',
    url: '/api/resource/ToDo',
    headers: ADMIN,
    body: { description: 'x' },
    status: 503,
    contains: [{ exc_type: 'InReadOnlyMode' }],
  },
  {
    name: 'A28 v2 insert',
    method: 'POST',
    url: '/api/v2/document/ToDo',
    headers: ADMIN,
    body: { description: 'x' },
    status: 503,
    contains: [{ errors: [{ type: 'InReadOnlyMode' }] }],
  },
  {
    name: 'A28 a GET method that writes is refused too',
    url: '/api/method/vector_methods.api.add_todo?description=x',
    headers: ADMIN,
    status: 503,
    contains: [{ exc_type: 'InReadOnlyMode' }],
  },
  {
    name: 'A28 a POST that only reads works',
    method: 'POST',
    url: '/api/method/frappe.client.get_count',
    headers: ADMIN,
    body: { doctype: 'ToDo' },
    status: 200,
    check: (r) => assert.deepEqual(r.json(), { message: 1 }),
  },
];

describeVectors(
  'docs/spec/api-rest-rpc.md §13 read-only maintenance',
  {
    apps: [vectorMethods],
    config: { maintenance_mode: 1, allow_reads_during_maintenance: 1 },
    seed: async (t) => {
      await withContext(t.site, 'Administrator', (ctx) =>
        insertDoc(ctx, { doctype: 'ToDo', description: 'before' }),
      );
      return {};
    },
  },
  READ_ONLY_MAINTENANCE,
);

describeVectors('docs/spec/api-rest-rpc.md §1 maintenance', { config: { maintenance_mode: 1 } }, [
  {
    name: 'maintenance without reads: every request is SessionStopped',
    url: '/api/resource/ToDo',
    headers: ADMIN,
    status: 503,
    contains: [{ exc_type: 'SessionStopped' }],
  },
  {
    name: 'maintenance: even ping',
    url: '/api/method/ping',
    status: 503,
    contains: [{ exc_type: 'SessionStopped' }],
  },
]);
