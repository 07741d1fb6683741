import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApiScenario } from '../../helpers/api-scenario.js';
import {
  ADMIN,
  describeWorld,
  itResolvedScenarios,
  NOBODY,
  queryString as q,
  READER,
  v1Error,
  WRITER,
} from '../resource/resource.fixtures.js';

const M = '/api/method/frappe.client';
const error = (excType: string) => v1Error(excType, 'message');

const READS: ApiScenario[] = [
  {
    name: 'get_list',
    url: `${M}.get_list?${q({ doctype: 'Test Task', fields: ['name', 'status'], filters: { status: 'Closed' } })}`,
    headers: WRITER,
    status: 200,
    contains: [{ message: [{ name: '{task2}', status: 'Closed' }] }],
  },
  {
    name: 'get_list: limit is not an alias here',
    url: `${M}.get_list?${q({ doctype: 'Test Task', limit: '1' })}`,
    headers: WRITER,
    status: 200,
    check: (r) => assert.equal(r.json().message.length, 2),
  },
  {
    name: 'get_list: as_dict false',
    url: `${M}.get_list?${q({ doctype: 'Test Task', fields: ['description'], order_by: 'description asc', as_dict: '0' })}`,
    headers: WRITER,
    status: 200,
    contains: [{ message: [['first'], ['second']] }],
  },
  {
    name: 'get_list: child table with parent',
    url: `${M}.get_list?${q({ doctype: 'Task Item', parent: 'Test Task', fields: ['item'], order_by: 'item asc' })}`,
    headers: WRITER,
    status: 200,
    contains: [{ message: [{ item: 'a' }, { item: 'b' }] }],
  },
  {
    name: 'get_list: malformed filters',
    url: `${M}.get_list?doctype=Test%20Task&filters=%5B%5B`,
    headers: WRITER,
    status: 417,
    ...error('ValidationError'),
  },
  {
    name: 'get_list: no permission',
    url: `${M}.get_list?doctype=Test%20Task`,
    headers: NOBODY,
    status: 403,
    ...error('PermissionError'),
  },
  {
    name: 'get_list: Guest is stopped by the whitelist',
    url: `${M}.get_list?doctype=Test%20Task`,
    status: 403,
    contains: [{ exc_type: 'PermissionError' }, 'not whitelisted'],
  },
  {
    name: 'get_list: doctype missing',
    url: `${M}.get_list`,
    headers: WRITER,
    status: 417,
    ...error('ValidationError'),
  },
  {
    name: 'get_count',
    url: `${M}.get_count?${q({ doctype: 'Test Task', filters: [['status', '=', 'Open']] })}`,
    headers: WRITER,
    status: 200,
    contains: [{ message: 1 }],
  },
  {
    name: 'get_count: no permission',
    url: `${M}.get_count?doctype=Test%20Task`,
    headers: NOBODY,
    status: 403,
    ...error('PermissionError'),
  },
  {
    name: 'get by name, nulls omitted',
    url: `${M}.get?${q({ doctype: 'Test Task', name: '{task}' })}`,
    headers: WRITER,
    status: 200,
    contains: [{ message: { name: '{task}', items: [{ item: 'a' }, { item: 'b' }] } }],
    notContains: [':null'],
  },
  {
    name: 'get by filters',
    url: `${M}.get?${q({ doctype: 'Test Task', filters: { description: 'second' } })}`,
    headers: WRITER,
    status: 200,
    contains: [{ message: { name: '{task2}' } }],
  },
  {
    name: 'get: a Single without name',
    url: `${M}.get?doctype=Test%20Settings`,
    headers: WRITER,
    status: 200,
    contains: [{ message: { name: 'Test Settings' } }],
  },
  {
    name: 'get: missing',
    url: `${M}.get?doctype=Test%20Task&name=NOPE`,
    headers: WRITER,
    status: 404,
    ...error('DoesNotExistError'),
  },
  {
    name: 'get: filters match nothing',
    url: `${M}.get?${q({ doctype: 'Test Task', filters: { description: 'none' } })}`,
    headers: WRITER,
    status: 404,
    ...error('DoesNotExistError'),
  },
  {
    name: 'get: 403 instead of 404 without read',
    url: `${M}.get?doctype=Test%20Task&name=NOPE`,
    headers: NOBODY,
    status: 403,
    ...error('PermissionError'),
  },
  {
    name: 'get_value: one field as dict',
    url: `${M}.get_value?${q({ doctype: 'Test Task', fieldname: 'status', filters: '{task2}' })}`,
    headers: WRITER,
    status: 200,
    contains: [{ message: { status: 'Closed' } }],
  },
  {
    name: 'get_value: several fields as list',
    url: `${M}.get_value?${q({ doctype: 'Test Task', fieldname: ['status', 'priority'], filters: { name: '{task}' }, as_dict: '0' })}`,
    headers: WRITER,
    status: 200,
    contains: [{ message: ['Open', 2] }],
  },
  {
    name: 'get_value: scalar',
    url: `${M}.get_value?${q({ doctype: 'Test Task', fieldname: 'description', filters: '{task}', as_dict: 'false' })}`,
    headers: WRITER,
    status: 200,
    contains: [{ message: 'first' }],
  },
  {
    name: 'get_value: no match as dict is {}',
    url: `${M}.get_value?${q({ doctype: 'Test Task', fieldname: 'status', filters: 'NOPE' })}`,
    headers: WRITER,
    status: 200,
    contains: [{ message: {} }],
  },
  {
    name: 'get_value: bad fieldname',
    url: `${M}.get_value?${q({ doctype: 'Test Task', fieldname: '{"a":1}', filters: 'x' })}`,
    headers: WRITER,
    status: 417,
    ...error('ValidationError'),
  },
  {
    name: 'get_single_value: unknown field',
    url: `${M}.get_single_value?doctype=Test%20Settings&field=nope`,
    headers: WRITER,
    status: 417,
    ...error('ValidationError'),
  },
  {
    name: 'get_single_value: not a Single',
    url: `${M}.get_single_value?doctype=Test%20Task&field=status`,
    headers: WRITER,
    status: 417,
    ...error('ValidationError'),
  },
  {
    name: 'has_permission: write for writer',
    url: `${M}.has_permission?${q({ doctype: 'Test Task', docname: '{task}', perm_type: 'write' })}`,
    headers: WRITER,
    status: 200,
    contains: [{ message: { has_permission: true } }],
  },
  {
    name: 'has_permission: write for reader',
    url: `${M}.has_permission?${q({ doctype: 'Test Task', docname: '{task}', perm_type: 'write' })}`,
    headers: READER,
    status: 200,
    contains: [{ message: { has_permission: false } }],
  },
  {
    name: 'has_permission: no DocType right reveals nothing',
    url: `${M}.has_permission?${q({ doctype: 'Test Task', docname: 'NOPE' })}`,
    headers: NOBODY,
    status: 200,
    contains: [{ message: { has_permission: false } }],
  },
  {
    name: 'has_permission: unknown perm_type',
    url: `${M}.has_permission?${q({ doctype: 'Test Task', docname: '{task}', perm_type: 'fly' })}`,
    headers: WRITER,
    status: 417,
    ...error('ValidationError'),
  },
  {
    name: 'get_doc_permissions',
    url: `${M}.get_doc_permissions?${q({ doctype: 'Test Task', docname: '{task}' })}`,
    headers: READER,
    status: 200,
    contains: [{ message: { permissions: { read: 1, write: 0 } } }],
  },
  {
    name: 'get_doc_permissions: no read',
    url: `${M}.get_doc_permissions?${q({ doctype: 'Test Task', docname: '{task}' })}`,
    headers: NOBODY,
    status: 403,
    ...error('PermissionError'),
  },
  {
    name: 'validate_link: canonical name and fields',
    url: `${M}.validate_link?${q({ doctype: 'Test Task', docname: '{task}', fields: ['status'] })}`,
    headers: WRITER,
    status: 200,
    contains: [{ message: { name: '{task}', status: 'Open' } }],
  },
  {
    name: 'validate_link: missing record',
    url: `${M}.validate_link?${q({ doctype: 'Test Task', docname: 'NOPE' })}`,
    headers: WRITER,
    status: 200,
    contains: [{ message: { name: null } }],
  },
  {
    name: 'validate_link: no permission',
    url: `${M}.validate_link?${q({ doctype: 'Test Task', docname: '{task}' })}`,
    headers: NOBODY,
    status: 403,
    ...error('PermissionError'),
  },
  {
    name: 'validate_link: PUT not allowed',
    method: 'PUT',
    url: `${M}.validate_link?doctype=Test%20Task&docname=x`,
    headers: WRITER,
    status: 403,
    contains: [{ exc_type: 'PermissionError' }, 'Not permitted'],
  },
];

describeWorld('frappe.client reads', (world) => {
  describe('scenarios', () => itResolvedScenarios(READS, world));

  it('Administrator may read everything through get', async () => {
    const response = await world().app.app.inject({
      url: `${M}.get?doctype=User&name=writer%40example.com`,
      headers: ADMIN,
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().message.email, 'writer@example.com');
  });
});
