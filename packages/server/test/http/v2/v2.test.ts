import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { ApiScenario } from '../../helpers/api-scenario.js';
import {
  describeWorld,
  itResolvedScenarios,
  NOBODY,
  READER,
  WRITER,
} from '../resource/resource.fixtures.js';

const DOC = '/api/v2/document/Test%20Task';
/** v2 errors: one `errors` entry of the given type, no v1 keys. */
const v2Error = (
  type: string,
  withMessage = true,
): Pick<ApiScenario, 'contains' | 'notContains'> => ({
  contains: [{ errors: [{ type, ...(withMessage ? { indicator: 'red' } : {}) }] }],
  notContains: [
    'key:exc_type',
    'key:_server_messages',
    'key:data',
    'exception',
    '__frappe_exc_id',
    'raise_exception',
  ],
});

const SCENARIOS: ApiScenario[] = [
  {
    name: 'list: data and has_next_page',
    url: `${DOC}?limit=1&order_by=description asc&fields=["description"]`,
    headers: WRITER,
    status: 200,
    contains: [{ data: [{ description: 'first' }], has_next_page: true }],
  },
  {
    name: 'list: last page',
    url: `${DOC}?limit=1&start=1&order_by=description asc&fields=["description"]`,
    headers: WRITER,
    status: 200,
    contains: [{ data: [{ description: 'second' }], has_next_page: false }],
  },
  {
    name: 'list: limit=0 is an empty page',
    url: `${DOC}?limit=0`,
    headers: WRITER,
    status: 200,
    contains: [{ data: [], has_next_page: false }],
  },
  {
    name: 'list: as_dict=false parsed as a boolean',
    url: `${DOC}?as_dict=false&fields=["description"]&order_by=description asc`,
    headers: WRITER,
    status: 200,
    contains: [{ data: [['first'], ['second']] }],
  },
  {
    name: 'list: malformed filters',
    url: `${DOC}?filters={bad`,
    headers: WRITER,
    status: 417,
    ...v2Error('ValidationError'),
  },
  { name: 'list: Guest', url: DOC, status: 403, ...v2Error('PermissionError') },
  {
    name: 'list: unknown DocType',
    url: '/api/v2/document/Nope',
    headers: WRITER,
    status: 404,
    ...v2Error('DoesNotExistError'),
  },
  {
    name: 'read: nulls kept',
    url: `${DOC}/{task2}`,
    headers: WRITER,
    status: 200,
    contains: [{ data: { name: '{task2}', priority: 0, due: null } }],
  },
  {
    name: 'read: missing',
    url: `${DOC}/NOPE`,
    headers: WRITER,
    status: 404,
    ...v2Error('DoesNotExistError'),
  },
  {
    name: 'read: 403 instead of 404',
    url: `${DOC}/NOPE`,
    headers: NOBODY,
    status: 403,
    ...v2Error('PermissionError'),
  },
  {
    name: 'read: level-1 field hidden',
    url: `${DOC}/{task}`,
    headers: READER,
    status: 200,
    notContains: ['s3cr3t'],
  },
  {
    name: 'copy: identity and nulls stripped',
    url: `${DOC}/{task}/copy`,
    headers: WRITER,
    status: 200,
    contains: [
      {
        data: { doctype: 'Test Task', description: 'first', items: [{ item: 'a' }, { item: 'b' }] },
      },
    ],
    notContains: ['{task}', '"owner"', '"creation"', '"docstatus"', ':null'],
  },
  {
    name: 'method: GET needs read',
    url: `${DOC}/{task}/method/echo?x=1`,
    headers: READER,
    status: 200,
    contains: [{ data: { name: '{task}', args: { x: '1' } }, docs: [{ name: '{task}' }] }],
  },
  {
    name: 'method: POST needs write',
    method: 'POST',
    url: `${DOC}/{task}/method/close`,
    headers: READER,
    status: 403,
    ...v2Error('PermissionError'),
  },
  {
    name: 'method: unknown',
    url: `${DOC}/{task}/method/nope`,
    headers: WRITER,
    status: 404,
    ...v2Error('DoesNotExistError'),
  },
  {
    name: 'method: POST writes',
    method: 'POST',
    url: `${DOC}/{task}/method/close`,
    headers: WRITER,
    status: 200,
    contains: [{ data: 'closed', docs: [{ status: 'Closed' }] }],
  },
  {
    name: 'insert: dict with nulls',
    method: 'POST',
    url: DOC,
    headers: WRITER,
    body: { description: 'v2 new' },
    status: 200,
    contains: [{ data: { description: 'v2 new', due: null, owner: 'writer@example.com' } }],
  },
  {
    name: 'insert: mandatory',
    method: 'POST',
    url: DOC,
    headers: WRITER,
    body: { priority: 1 },
    status: 417,
    ...v2Error('MandatoryError'),
  },
  {
    name: 'insert: reader',
    method: 'POST',
    url: DOC,
    headers: READER,
    body: { description: 'x' },
    status: 403,
    ...v2Error('PermissionError'),
  },
  {
    name: 'update: PATCH',
    method: 'PATCH',
    url: `${DOC}/{task2}`,
    headers: WRITER,
    body: { description: 'patched' },
    status: 200,
    contains: [{ data: { description: 'patched' } }],
  },
  {
    name: 'update: PUT',
    method: 'PUT',
    url: `${DOC}/{task2}`,
    headers: WRITER,
    body: { priority: 3 },
    status: 200,
    contains: [{ data: { description: 'patched', priority: 3 } }],
  },
  {
    name: 'update: stale modified',
    method: 'PATCH',
    url: `${DOC}/{task2}`,
    headers: WRITER,
    body: { modified: '2001-01-01 00:00:00', priority: 1 },
    status: 417,
    ...v2Error('TimestampMismatchError'),
  },
  {
    name: 'update: reader',
    method: 'PATCH',
    url: `${DOC}/{task2}`,
    headers: READER,
    body: { priority: 1 },
    status: 403,
    ...v2Error('PermissionError'),
  },
  {
    name: 'doctype meta',
    url: '/api/v2/doctype/Test%20Task/meta',
    headers: READER,
    status: 200,
    contains: [{ data: { name: 'Test Task', doctype: 'DocType', istable: 0 } }],
    check: (r) => assert.ok(Array.isArray(r.json().data.fields)),
  },
  {
    name: 'doctype meta: Guest',
    url: '/api/v2/doctype/Test%20Task/meta',
    status: 403,
    ...v2Error('PermissionError'),
  },
  {
    name: 'doctype meta: unknown',
    url: '/api/v2/doctype/Nope/meta',
    headers: WRITER,
    status: 404,
    ...v2Error('DoesNotExistError'),
  },
  {
    name: 'doctype count',
    url: '/api/v2/doctype/Test%20Task/count',
    headers: WRITER,
    status: 200,
    check: (r) => assert.equal(typeof r.json().data, 'number'),
  },
  {
    name: 'doctype count with filters',
    url: '/api/v2/doctype/Test%20Task/count?filters={"description":"first"}',
    headers: WRITER,
    status: 200,
    contains: [{ data: 1 }],
  },
  {
    name: 'doctype count: no permission',
    url: '/api/v2/doctype/Test%20Task/count',
    headers: NOBODY,
    status: 403,
    ...v2Error('PermissionError'),
  },
  {
    name: 'method RPC in v2 shape',
    url: '/api/v2/method/frappe.client.get_count?doctype=Test%20Task',
    headers: WRITER,
    status: 200,
    check: (r) => assert.equal(typeof r.json().data, 'number'),
  },
];

describeWorld('/api/v2', (world) => {
  itResolvedScenarios(SCENARIOS, world);

  it('delete: 202 {"data":"ok"}, then 404 without traceback', async () => {
    const url = `${DOC}/${world().names['task2']}`;
    const denied = await world().app.app.inject({ method: 'DELETE', url, headers: READER });
    assert.equal(denied.statusCode, 403, denied.body);
    const deleted = await world().app.app.inject({ method: 'DELETE', url, headers: WRITER });
    assert.equal(deleted.statusCode, 202, deleted.body);
    assert.deepEqual(deleted.json(), { data: 'ok' });
    const gone = await world().app.app.inject({ method: 'DELETE', url, headers: WRITER });
    assert.equal(gone.statusCode, 404);
    assert.equal(gone.json().errors[0].type, 'DoesNotExistError');
    assert.ok(!('exception' in gone.json().errors[0]));
  });
});
