import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeServerMessages } from '@cortado/protocol';
import type { ApiScenario } from '../../helpers/api-scenario.js';
import {
  countRows,
  describeWorld,
  itResolvedScenarios,
  queryString as q,
  READER,
  v1Error,
  WRITER,
} from '../resource/resource.fixtures.js';

const M = '/api/method/frappe.client';
const error = (excType: string) => v1Error(excType, 'message');

const WRITES: ApiScenario[] = [
  {
    name: 'set_value: GET is not allowed',
    url: `${M}.set_value?${q({ doctype: 'Test Task', name: '{task}', fieldname: 'status', value: 'Closed' })}`,
    headers: WRITER,
    status: 403,
    contains: [{ exc_type: 'PermissionError' }, 'Not permitted'],
  },
  {
    name: 'set_value: one field',
    method: 'POST',
    url: `${M}.set_value`,
    headers: WRITER,
    body: { doctype: 'Test Task', name: '{task}', fieldname: 'priority', value: 7 },
    status: 200,
    contains: [{ message: { name: '{task}', priority: 7 } }],
  },
  {
    name: 'set_value: object of values',
    method: 'POST',
    url: `${M}.set_value`,
    headers: WRITER,
    body: {
      doctype: 'Test Task',
      name: '{task}',
      fieldname: { priority: 8, description: 'first' },
    },
    status: 200,
    contains: [{ message: { priority: 8 } }],
  },
  {
    name: 'set_value: standard field',
    method: 'POST',
    url: `${M}.set_value`,
    headers: WRITER,
    body: { doctype: 'Test Task', name: '{task}', fieldname: 'owner', value: 'Administrator' },
    status: 417,
    contains: [{ exc_type: 'ValidationError' }, 'Cannot edit standard fields'],
  },
  {
    name: 'set_value: reader',
    method: 'POST',
    url: `${M}.set_value`,
    headers: READER,
    body: { doctype: 'Test Task', name: '{task}', fieldname: 'priority', value: 1 },
    status: 403,
    ...error('PermissionError'),
  },
  {
    name: 'set_value: child row returns the parent',
    method: 'POST',
    url: `${M}.set_value`,
    headers: WRITER,
    body: { doctype: 'Task Item', name: '{row1}', fieldname: 'qty', value: 4 },
    status: 200,
    contains: [{ message: { name: '{task}', doctype: 'Test Task' } }],
  },
  {
    name: 'insert',
    method: 'POST',
    url: `${M}.insert`,
    headers: WRITER,
    body: { doc: { doctype: 'Test Task', description: 'via insert' } },
    status: 200,
    contains: [
      { message: { doctype: 'Test Task', description: 'via insert', owner: 'writer@example.com' } },
    ],
  },
  {
    name: 'insert: doc as a JSON string',
    method: 'POST',
    url: `${M}.insert`,
    headers: WRITER,
    body: { doc: JSON.stringify({ doctype: 'Test Task', description: 'string doc' }) },
    status: 200,
    contains: [{ message: { description: 'string doc' } }],
  },
  {
    name: 'insert: child row appended to its parent',
    method: 'POST',
    url: `${M}.insert`,
    headers: WRITER,
    body: {
      doc: {
        doctype: 'Task Item',
        parent: '{task}',
        parenttype: 'Test Task',
        parentfield: 'items',
        item: 'appended',
      },
    },
    status: 200,
    contains: [{ message: { name: '{task}' } }, 'appended'],
  },
  {
    name: 'insert: doc missing',
    method: 'POST',
    url: `${M}.insert`,
    headers: WRITER,
    body: {},
    status: 417,
    ...error('ValidationError'),
  },
  {
    name: 'insert: no doctype',
    method: 'POST',
    url: `${M}.insert`,
    headers: WRITER,
    body: { doc: { description: 'x' } },
    status: 417,
    ...error('ValidationError'),
  },
  {
    name: 'insert: mandatory',
    method: 'POST',
    url: `${M}.insert`,
    headers: WRITER,
    body: { doc: { doctype: 'Test Task' } },
    status: 417,
    ...error('MandatoryError'),
  },
  {
    name: 'insert: reader',
    method: 'POST',
    url: `${M}.insert`,
    headers: READER,
    body: { doc: { doctype: 'Test Task', description: 'x' } },
    status: 403,
    ...error('PermissionError'),
  },
  {
    name: 'insert_many',
    method: 'POST',
    url: `${M}.insert_many`,
    headers: WRITER,
    body: {
      docs: [
        { doctype: 'Test Task', description: 'm1' },
        { doctype: 'Test Task', description: 'm2' },
      ],
    },
    status: 200,
    check: (r) => assert.equal(r.json().message.length, 2),
  },
  {
    name: 'insert_many: more than 200',
    method: 'POST',
    url: `${M}.insert_many`,
    headers: WRITER,
    body: { docs: Array.from({ length: 201 }, () => ({ doctype: 'Test Task', description: 'x' })) },
    status: 417,
    check: (r) =>
      assert.match(
        decodeServerMessages(r.json()._server_messages)[0]?.message ?? '',
        /Only 200 inserts allowed in one request/,
      ),
  },
  {
    name: 'save: stale modified',
    method: 'POST',
    url: `${M}.save`,
    headers: WRITER,
    body: {
      doc: { doctype: 'Test Order', name: '{order}', amount: 12, modified: '2001-01-01 00:00:00' },
    },
    status: 417,
    ...error('TimestampMismatchError'),
  },
  {
    name: 'submit: a stale copy is refused',
    method: 'POST',
    url: `${M}.submit`,
    headers: WRITER,
    body: { doc: { doctype: 'Test Order', name: '{order}', modified: '2001-01-01 00:00:00' } },
    status: 417,
    ...error('TimestampMismatchError'),
  },
  {
    name: 'submit: the values sent are saved',
    method: 'POST',
    url: `${M}.submit`,
    headers: WRITER,
    body: { doc: { doctype: 'Test Order', name: '{order}', amount: 13 } },
    status: 200,
    contains: [{ message: { docstatus: 1, amount: 13 } }],
  },
  {
    name: 'cancel',
    method: 'POST',
    url: `${M}.cancel`,
    headers: WRITER,
    body: { doctype: 'Test Order', name: '{order}' },
    status: 200,
    contains: [{ message: { docstatus: 2 } }],
  },
  {
    name: 'cancel: a draft cannot be cancelled',
    method: 'POST',
    url: `${M}.cancel`,
    headers: WRITER,
    body: { doctype: 'Test Task', name: '{task}' },
    status: 417,
    contains: ['exc_type'],
  },
  {
    name: 'rename_doc',
    method: 'POST',
    url: `${M}.rename_doc`,
    headers: WRITER,
    body: { doctype: 'Named Thing', old_name: '{spaced}', new_name: 'renamed thing' },
    status: 200,
    contains: [{ message: 'renamed thing' }],
  },
  // Frappe throws a ValidationError here, not DoesNotExistError.
  {
    name: 'rename_doc: missing',
    method: 'POST',
    url: `${M}.rename_doc`,
    headers: WRITER,
    body: { doctype: 'Named Thing', old_name: 'NOPE', new_name: 'x' },
    status: 417,
    ...error('ValidationError'),
  },
  {
    name: 'rename_doc: DocType does not allow renaming',
    method: 'POST',
    url: `${M}.rename_doc`,
    headers: WRITER,
    body: { doctype: 'Test Task', old_name: '{task}', new_name: 'x' },
    status: 417,
    ...error('ValidationError'),
  },
  {
    name: 'bulk_update: partial success',
    method: 'POST',
    url: `${M}.bulk_update`,
    headers: WRITER,
    body: {
      docs: [
        { doctype: 'Test Task', docname: '{task2}', priority: 5 },
        { doctype: 'Test Task', docname: 'NOPE', priority: 1 },
      ],
    },
    status: 200,
    check: (r) => {
      const failed = r.json().message.failed_docs as Array<{
        doc: { docname: string };
        exc: string;
      }>;
      assert.deepEqual(
        failed.map((f) => f.doc.docname),
        ['NOPE'],
      );
      assert.match(failed[0]?.exc ?? '', /DoesNotExistError/);
    },
  },
  {
    name: 'delete: GET not allowed',
    url: `${M}.delete?doctype=Test%20Task&name=x`,
    headers: WRITER,
    status: 403,
    contains: [{ exc_type: 'PermissionError' }],
  },
  {
    name: 'delete: missing',
    method: 'POST',
    url: `${M}.delete`,
    headers: WRITER,
    body: { doctype: 'Test Task', name: 'NOPE' },
    status: 404,
    ...error('DoesNotExistError'),
  },
  {
    name: 'delete: reader',
    method: 'DELETE',
    url: `${M}.delete?doctype=Test%20Task&name={task2}`,
    headers: READER,
    status: 403,
    ...error('PermissionError'),
  },
  {
    name: 'delete: body is {}',
    method: 'POST',
    url: `${M}.delete`,
    headers: WRITER,
    body: { doctype: 'Test Task', name: '{task2}' },
    status: 200,
    check: (r) => assert.deepEqual(r.json(), {}),
  },
];

describeWorld('frappe.client writes', (world) => {
  describe('scenarios', () => itResolvedScenarios(WRITES, world));

  it('save: a fetched document saved back with a change', async () => {
    const fetched = await world().app.app.inject({
      url: `${M}.get?doctype=Test%20Task&name=${world().names['task']}`,
      headers: WRITER,
    });
    const doc = { ...fetched.json().message, description: 'saved back' };
    const saved = await world().app.app.inject({
      method: 'POST',
      url: `${M}.save`,
      headers: { ...WRITER, 'content-type': 'application/json' },
      payload: JSON.stringify({ doc }),
    });
    assert.equal(saved.statusCode, 200, saved.body);
    assert.equal(saved.json().message.description, 'saved back');
  });

  it('insert_many is all or nothing', async () => {
    const before = await countRows(world().app, 'Test Task');
    const response = await world().app.app.inject({
      method: 'POST',
      url: `${M}.insert_many`,
      headers: { ...WRITER, 'content-type': 'application/json' },
      payload: JSON.stringify({
        docs: [{ doctype: 'Test Task', description: 'ok' }, { doctype: 'Test Task' }],
      }),
    });
    assert.equal(response.statusCode, 417, response.body);
    assert.equal(await countRows(world().app, 'Test Task'), before);
  });
});
