import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApiScenario } from '../../helpers/api-scenario.js';
import {
  assertNoNulls as noNulls,
  describeWorld,
  itResolvedScenarios,
  NOBODY,
  READER,
  v1Error,
  WRITER,
} from './resource.fixtures.js';

const TASKS = '/api/resource/Test%20Task';
const error = (excType: string) => v1Error(excType, 'data');
const json = (headers: Record<string, string>) => ({
  ...headers,
  'content-type': 'application/json',
});

const INSERT: ApiScenario[] = [
  {
    name: 'insert: JSON body',
    method: 'POST',
    url: TASKS,
    headers: WRITER,
    body: { description: 'new' },
    status: 200,
    contains: [
      {
        data: {
          doctype: 'Test Task',
          description: 'new',
          status: 'Open',
          docstatus: 0,
          owner: 'writer@example.com',
        },
      },
    ],
    check: noNulls,
  },
  {
    name: 'insert: form field data=',
    method: 'POST',
    url: TASKS,
    headers: { ...WRITER, 'content-type': 'application/x-www-form-urlencoded' },
    body: `data=${encodeURIComponent('{"description":"form"}')}`,
    status: 200,
    contains: [{ data: { description: 'form' } }],
  },
  {
    name: 'insert: plain form fields',
    method: 'POST',
    url: TASKS,
    headers: { ...WRITER, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'description=plain&priority=3',
    status: 200,
    contains: [{ data: { description: 'plain', priority: 3 } }],
  },
  {
    name: 'insert: child rows',
    method: 'POST',
    url: TASKS,
    headers: WRITER,
    body: { description: 'kids', items: [{ item: 'x', qty: 5 }] },
    status: 200,
    contains: [
      {
        data: {
          items: [
            {
              item: 'x',
              qty: 5,
              parenttype: 'Test Task',
              parentfield: 'items',
              doctype: 'Task Item',
            },
          ],
        },
      },
    ],
  },
  {
    name: 'insert: the URL DocType wins',
    method: 'POST',
    url: TASKS,
    headers: WRITER,
    body: { doctype: 'Test Order', description: 'url wins' },
    status: 200,
    contains: [{ data: { doctype: 'Test Task' } }],
  },
  {
    name: 'insert: mass-assigned owner and creation ignored',
    method: 'POST',
    url: TASKS,
    headers: WRITER,
    body: {
      description: 'mass',
      owner: 'Administrator',
      creation: '2000-01-01 00:00:00',
      modified_by: 'x',
    },
    status: 200,
    contains: [{ data: { owner: 'writer@example.com', modified_by: 'writer@example.com' } }],
    notContains: ['2000-01-01'],
  },
  {
    name: 'insert: name ignored for hash naming',
    method: 'POST',
    url: TASKS,
    headers: WRITER,
    body: { name: 'chosen', description: 'n' },
    status: 200,
    notContains: ['"chosen"'],
  },
  {
    name: 'insert: docstatus 1 submits',
    method: 'POST',
    url: '/api/resource/Test%20Order',
    headers: WRITER,
    body: { amount: 5, docstatus: 1 },
    status: 200,
    contains: [{ data: { docstatus: 1 } }],
  },
  {
    name: 'insert: docstatus 1 asks for submit first: 403 without the right, even when not submittable',
    method: 'POST',
    url: TASKS,
    headers: WRITER,
    body: { description: 'submit me', docstatus: 1 },
    status: 403,
    ...error('PermissionError'),
  },
  {
    name: 'insert: docstatus 1 through frappe.client.insert asks for submit too',
    method: 'POST',
    url: '/api/method/frappe.client.insert',
    headers: WRITER,
    body: { doc: { doctype: 'Test Task', description: 'submit me', docstatus: 1 } },
    status: 403,
    ...error('PermissionError'),
  },
  {
    name: 'insert: docstatus 1 on a non-submittable DocType by Administrator is a DocstatusTransitionError',
    method: 'POST',
    url: TASKS,
    headers: { 'x-test-user': 'Administrator' },
    body: { description: 'submit me', docstatus: 1 },
    status: 417,
    ...error('DocstatusTransitionError'),
  },
  {
    name: 'insert: docstatus 2 refused',
    method: 'POST',
    url: '/api/resource/Test%20Order',
    headers: WRITER,
    body: { amount: 5, docstatus: 2 },
    status: 417,
    ...error('DocstatusTransitionError'),
  },
  {
    name: 'insert: missing mandatory',
    method: 'POST',
    url: TASKS,
    headers: WRITER,
    body: { priority: 1 },
    status: 417,
    ...error('MandatoryError'),
  },
  {
    name: 'insert: bad Int value',
    method: 'POST',
    url: TASKS,
    headers: WRITER,
    body: { description: 'x', priority: 'lots' },
    status: 417,
    contains: ['exc_type', 'priority'],
  },
  {
    name: 'insert: reader may not create',
    method: 'POST',
    url: TASKS,
    headers: READER,
    body: { description: 'x' },
    status: 403,
    ...error('PermissionError'),
  },
  {
    name: 'insert: Guest',
    method: 'POST',
    url: TASKS,
    body: { description: 'x' },
    status: 403,
    ...error('PermissionError'),
  },
  {
    name: 'insert: data is not an object',
    method: 'POST',
    url: TASKS,
    headers: WRITER,
    body: { data: '[1,2]' },
    status: 417,
    ...error('ValidationError'),
  },
];

const UPDATE: ApiScenario[] = [
  {
    name: 'update: partial',
    method: 'PUT',
    url: `${TASKS}/{task2}`,
    headers: WRITER,
    body: { description: 'changed' },
    status: 200,
    contains: [{ data: { description: 'changed', status: 'Closed' } }],
    check: noNulls,
  },
  {
    name: 'update: stale modified',
    method: 'PUT',
    url: `${TASKS}/{task2}`,
    headers: WRITER,
    body: { description: 'late', modified: '2001-01-01 00:00:00' },
    status: 417,
    ...error('TimestampMismatchError'),
  },
  {
    name: 'update: another name in the body',
    method: 'PUT',
    url: `${TASKS}/{task2}`,
    headers: WRITER,
    body: { name: '{task}', description: 'moved' },
    status: 417,
    ...error('CannotChangeConstantError'),
  },
  {
    name: 'update: owner cannot change',
    method: 'PUT',
    url: `${TASKS}/{task2}`,
    headers: WRITER,
    body: { owner: 'Administrator' },
    status: 417,
    ...error('CannotChangeConstantError'),
  },
  {
    name: 'update: reader may not write',
    method: 'PUT',
    url: `${TASKS}/{task2}`,
    headers: READER,
    body: { description: 'x' },
    status: 403,
    ...error('PermissionError'),
  },
  {
    name: 'update: missing document',
    method: 'PUT',
    url: `${TASKS}/NOPE`,
    headers: WRITER,
    body: { description: 'x' },
    status: 404,
    ...error('DoesNotExistError'),
  },
  {
    name: 'update: validation error',
    method: 'PUT',
    url: `${TASKS}/{task2}`,
    headers: WRITER,
    body: { status: 'Bogus' },
    status: 417,
    contains: ['exc_type'],
  },
  {
    name: 'update: PATCH is not a v1 verb',
    method: 'PATCH',
    url: `${TASKS}/{task2}`,
    headers: WRITER,
    body: { description: 'x' },
    status: 405,
    contains: [{ exc_type: 'MethodNotAllowed' }],
  },
];

describeWorld('/api/resource writes', (world) => {
  describe('insert', () => itResolvedScenarios(INSERT, world));
  describe('update', () => itResolvedScenarios(UPDATE, world));

  it('update: child rows are merged, added and removed; a GET shows the change', async () => {
    const body = {
      items: [
        { name: world().names['row1'], qty: 9 },
        { item: 'new', qty: 1 },
      ],
    };
    const put = await world().app.app.inject({
      method: 'PUT',
      url: `${TASKS}/${world().names['task']}`,
      headers: json(WRITER),
      payload: JSON.stringify(body),
    });
    assert.equal(put.statusCode, 200, put.body);
    const read = await world().app.app.inject({
      url: `${TASKS}/${world().names['task']}`,
      headers: WRITER,
    });
    const items = read.json().data.items as Array<Record<string, unknown>>;
    assert.deepEqual(
      items.map((row) => [row['item'], row['qty']]),
      [
        ['a', 9],
        ['new', 1],
      ],
    );
  });

  it('delete: 202 {"data":"ok"}, then 404; failures first', async () => {
    const url = `${TASKS}/${world().names['task2']}`;
    for (const [headers, status, excType] of [
      [READER, 403, 'PermissionError'],
      [NOBODY, 403, 'PermissionError'],
      [{}, 403, 'PermissionError'],
    ] as const) {
      const denied = await world().app.app.inject({ method: 'DELETE', url, headers });
      assert.equal(denied.statusCode, status, denied.body);
      assert.equal(denied.json().exc_type, excType);
    }
    const deleted = await world().app.app.inject({ method: 'DELETE', url, headers: WRITER });
    assert.equal(deleted.statusCode, 202, deleted.body);
    assert.deepEqual(deleted.json(), { data: 'ok' });
    const gone = await world().app.app.inject({ url, headers: WRITER });
    assert.equal(gone.statusCode, 404);
    assert.equal(gone.json().exc_type, 'DoesNotExistError');
    const again = await world().app.app.inject({ method: 'DELETE', url, headers: WRITER });
    assert.equal(again.statusCode, 404);
  });

  it('delete: a submitted document is refused', async () => {
    const response = await world().app.app.inject({
      method: 'DELETE',
      url: `/api/resource/Test%20Order/${world().names['submitted']}`,
      headers: WRITER,
    });
    assert.equal(response.statusCode, 417, response.body);
  });
});
