import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeServerMessages } from '@cortado/protocol';
import type { ApiScenario } from '../../helpers/api-scenario.js';
import type { TestApp } from '../../helpers/build-test-app.js';
import { DIALECTS } from '../../helpers/dialects.js';
import { ADMIN, buildApiWorld, countRows, itResolvedScenarios, NOBODY, READER, seedDocs, WRITER, type SeededNames } from '../resource/resource.fixtures.js';

const M = '/api/method/frappe.client';
/** A query string; `{key}` placeholders survive encoding so scenarios can name seeded documents. */
const q = (args: Record<string, unknown>) =>
  new URLSearchParams(Object.entries(args).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)]))
    .toString()
    .replace(/%7B(\w+)%7D/g, '{$1}');
const error = (excType: string): Pick<ApiScenario, 'contains' | 'notContains'> => ({
  contains: [{ exc_type: excType }, '_server_messages'],
  notContains: ['key:message', 'key:exception'],
});

const READS: ApiScenario[] = [
  { name: 'get_list', url: `${M}.get_list?${q({ doctype: 'Test Task', fields: ['name', 'status'], filters: { status: 'Closed' } })}`, headers: WRITER, status: 200, contains: [{ message: [{ name: '{task2}', status: 'Closed' }] }] },
  { name: 'get_list: limit is not an alias here', url: `${M}.get_list?${q({ doctype: 'Test Task', limit: '1' })}`, headers: WRITER, status: 200, check: (r) => assert.equal(r.json().message.length, 2) },
  { name: 'get_list: as_dict false', url: `${M}.get_list?${q({ doctype: 'Test Task', fields: ['description'], order_by: 'description asc', as_dict: '0' })}`, headers: WRITER, status: 200, contains: [{ message: [['first'], ['second']] }] },
  { name: 'get_list: child table with parent', url: `${M}.get_list?${q({ doctype: 'Task Item', parent: 'Test Task', fields: ['item'], order_by: 'item asc' })}`, headers: WRITER, status: 200, contains: [{ message: [{ item: 'a' }, { item: 'b' }] }] },
  { name: 'get_list: malformed filters', url: `${M}.get_list?doctype=Test%20Task&filters=%5B%5B`, headers: WRITER, status: 417, ...error('ValidationError') },
  { name: 'get_list: no permission', url: `${M}.get_list?doctype=Test%20Task`, headers: NOBODY, status: 403, ...error('PermissionError') },
  { name: 'get_list: Guest is stopped by the whitelist', url: `${M}.get_list?doctype=Test%20Task`, status: 403, contains: [{ exc_type: 'PermissionError' }, 'not whitelisted'] },
  { name: 'get_list: doctype missing', url: `${M}.get_list`, headers: WRITER, status: 417, ...error('ValidationError') },
  { name: 'get_count', url: `${M}.get_count?${q({ doctype: 'Test Task', filters: [['status', '=', 'Open']] })}`, headers: WRITER, status: 200, contains: [{ message: 1 }] },
  { name: 'get_count: no permission', url: `${M}.get_count?doctype=Test%20Task`, headers: NOBODY, status: 403, ...error('PermissionError') },
  { name: 'get by name, nulls omitted', url: `${M}.get?${q({ doctype: 'Test Task', name: '{task}' })}`, headers: WRITER, status: 200, contains: [{ message: { name: '{task}', items: [{ item: 'a' }, { item: 'b' }] } }], notContains: [':null'] },
  { name: 'get by filters', url: `${M}.get?${q({ doctype: 'Test Task', filters: { description: 'second' } })}`, headers: WRITER, status: 200, contains: [{ message: { name: '{task2}' } }] },
  { name: 'get: a Single without name', url: `${M}.get?doctype=Test%20Settings`, headers: WRITER, status: 200, contains: [{ message: { name: 'Test Settings' } }] },
  { name: 'get: missing', url: `${M}.get?doctype=Test%20Task&name=NOPE`, headers: WRITER, status: 404, ...error('DoesNotExistError') },
  { name: 'get: filters match nothing', url: `${M}.get?${q({ doctype: 'Test Task', filters: { description: 'none' } })}`, headers: WRITER, status: 404, ...error('DoesNotExistError') },
  { name: 'get: 403 instead of 404 without read', url: `${M}.get?doctype=Test%20Task&name=NOPE`, headers: NOBODY, status: 403, ...error('PermissionError') },
  { name: 'get_value: one field as dict', url: `${M}.get_value?${q({ doctype: 'Test Task', fieldname: 'status', filters: '{task2}' })}`, headers: WRITER, status: 200, contains: [{ message: { status: 'Closed' } }] },
  { name: 'get_value: several fields as list', url: `${M}.get_value?${q({ doctype: 'Test Task', fieldname: ['status', 'priority'], filters: { name: '{task}' }, as_dict: '0' })}`, headers: WRITER, status: 200, contains: [{ message: ['Open', 2] }] },
  { name: 'get_value: scalar', url: `${M}.get_value?${q({ doctype: 'Test Task', fieldname: 'description', filters: '{task}', as_dict: 'false' })}`, headers: WRITER, status: 200, contains: [{ message: 'first' }] },
  { name: 'get_value: no match as dict is {}', url: `${M}.get_value?${q({ doctype: 'Test Task', fieldname: 'status', filters: 'NOPE' })}`, headers: WRITER, status: 200, contains: [{ message: {} }] },
  { name: 'get_value: bad fieldname', url: `${M}.get_value?${q({ doctype: 'Test Task', fieldname: '{"a":1}', filters: 'x' })}`, headers: WRITER, status: 417, ...error('ValidationError') },
  { name: 'get_single_value: unknown field', url: `${M}.get_single_value?doctype=Test%20Settings&field=nope`, headers: WRITER, status: 417, ...error('ValidationError') },
  { name: 'get_single_value: not a Single', url: `${M}.get_single_value?doctype=Test%20Task&field=status`, headers: WRITER, status: 417, ...error('ValidationError') },
  { name: 'has_permission: write for writer', url: `${M}.has_permission?${q({ doctype: 'Test Task', docname: '{task}', perm_type: 'write' })}`, headers: WRITER, status: 200, contains: [{ message: { has_permission: true } }] },
  { name: 'has_permission: write for reader', url: `${M}.has_permission?${q({ doctype: 'Test Task', docname: '{task}', perm_type: 'write' })}`, headers: READER, status: 200, contains: [{ message: { has_permission: false } }] },
  { name: 'has_permission: no DocType right reveals nothing', url: `${M}.has_permission?${q({ doctype: 'Test Task', docname: 'NOPE' })}`, headers: NOBODY, status: 200, contains: [{ message: { has_permission: false } }] },
  { name: 'has_permission: unknown perm_type', url: `${M}.has_permission?${q({ doctype: 'Test Task', docname: '{task}', perm_type: 'fly' })}`, headers: WRITER, status: 417, ...error('ValidationError') },
  { name: 'get_doc_permissions', url: `${M}.get_doc_permissions?${q({ doctype: 'Test Task', docname: '{task}' })}`, headers: READER, status: 200, contains: [{ message: { permissions: { read: 1, write: 0 } } }] },
  { name: 'get_doc_permissions: no read', url: `${M}.get_doc_permissions?${q({ doctype: 'Test Task', docname: '{task}' })}`, headers: NOBODY, status: 403, ...error('PermissionError') },
  { name: 'validate_link: canonical name and fields', url: `${M}.validate_link?${q({ doctype: 'Test Task', docname: '{task}', fields: ['status'] })}`, headers: WRITER, status: 200, contains: [{ message: { name: '{task}', status: 'Open' } }] },
  { name: 'validate_link: missing record', url: `${M}.validate_link?${q({ doctype: 'Test Task', docname: 'NOPE' })}`, headers: WRITER, status: 200, contains: [{ message: { name: null } }] },
  { name: 'validate_link: no permission', url: `${M}.validate_link?${q({ doctype: 'Test Task', docname: '{task}' })}`, headers: NOBODY, status: 403, ...error('PermissionError') },
  { name: 'validate_link: PUT not allowed', method: 'PUT', url: `${M}.validate_link?doctype=Test%20Task&docname=x`, headers: WRITER, status: 403, contains: [{ exc_type: 'PermissionError' }, 'Not permitted'] },
];

const WRITES: ApiScenario[] = [
  { name: 'set_value: GET is not allowed', url: `${M}.set_value?${q({ doctype: 'Test Task', name: '{task}', fieldname: 'status', value: 'Closed' })}`, headers: WRITER, status: 403, contains: [{ exc_type: 'PermissionError' }, 'Not permitted'] },
  { name: 'set_value: one field', method: 'POST', url: `${M}.set_value`, headers: WRITER, body: { doctype: 'Test Task', name: '{task}', fieldname: 'priority', value: 7 }, status: 200, contains: [{ message: { name: '{task}', priority: 7 } }] },
  { name: 'set_value: object of values', method: 'POST', url: `${M}.set_value`, headers: WRITER, body: { doctype: 'Test Task', name: '{task}', fieldname: { priority: 8, description: 'first' } }, status: 200, contains: [{ message: { priority: 8 } }] },
  { name: 'set_value: standard field', method: 'POST', url: `${M}.set_value`, headers: WRITER, body: { doctype: 'Test Task', name: '{task}', fieldname: 'owner', value: 'Administrator' }, status: 417, contains: [{ exc_type: 'ValidationError' }, 'Cannot edit standard fields'] },
  { name: 'set_value: reader', method: 'POST', url: `${M}.set_value`, headers: READER, body: { doctype: 'Test Task', name: '{task}', fieldname: 'priority', value: 1 }, status: 403, ...error('PermissionError') },
  { name: 'set_value: child row returns the parent', method: 'POST', url: `${M}.set_value`, headers: WRITER, body: { doctype: 'Task Item', name: '{row1}', fieldname: 'qty', value: 4 }, status: 200, contains: [{ message: { name: '{task}', doctype: 'Test Task' } }] },
  { name: 'insert', method: 'POST', url: `${M}.insert`, headers: WRITER, body: { doc: { doctype: 'Test Task', description: 'via insert' } }, status: 200, contains: [{ message: { doctype: 'Test Task', description: 'via insert', owner: 'writer@example.com' } }] },
  { name: 'insert: doc as a JSON string', method: 'POST', url: `${M}.insert`, headers: WRITER, body: { doc: JSON.stringify({ doctype: 'Test Task', description: 'string doc' }) }, status: 200, contains: [{ message: { description: 'string doc' } }] },
  { name: 'insert: child row appended to its parent', method: 'POST', url: `${M}.insert`, headers: WRITER, body: { doc: { doctype: 'Task Item', parent: '{task}', parenttype: 'Test Task', parentfield: 'items', item: 'appended' } }, status: 200, contains: [{ message: { name: '{task}' } }, 'appended'] },
  { name: 'insert: doc missing', method: 'POST', url: `${M}.insert`, headers: WRITER, body: {}, status: 417, ...error('ValidationError') },
  { name: 'insert: no doctype', method: 'POST', url: `${M}.insert`, headers: WRITER, body: { doc: { description: 'x' } }, status: 417, ...error('ValidationError') },
  { name: 'insert: mandatory', method: 'POST', url: `${M}.insert`, headers: WRITER, body: { doc: { doctype: 'Test Task' } }, status: 417, ...error('MandatoryError') },
  { name: 'insert: reader', method: 'POST', url: `${M}.insert`, headers: READER, body: { doc: { doctype: 'Test Task', description: 'x' } }, status: 403, ...error('PermissionError') },
  { name: 'insert_many', method: 'POST', url: `${M}.insert_many`, headers: WRITER, body: { docs: [{ doctype: 'Test Task', description: 'm1' }, { doctype: 'Test Task', description: 'm2' }] }, status: 200, check: (r) => assert.equal(r.json().message.length, 2) },
  { name: 'insert_many: more than 200', method: 'POST', url: `${M}.insert_many`, headers: WRITER, body: { docs: Array.from({ length: 201 }, () => ({ doctype: 'Test Task', description: 'x' })) }, status: 417, check: (r) => assert.match(decodeServerMessages(r.json()._server_messages)[0]?.message ?? '', /Only 200 inserts allowed in one request/) },
  { name: 'save: stale modified', method: 'POST', url: `${M}.save`, headers: WRITER, body: { doc: { doctype: 'Test Order', name: '{order}', amount: 12, modified: '2001-01-01 00:00:00' } }, status: 417, ...error('TimestampMismatchError') },
  { name: 'submit', method: 'POST', url: `${M}.submit`, headers: WRITER, body: { doc: { doctype: 'Test Order', name: '{order}' } }, status: 200, contains: [{ message: { docstatus: 1 } }] },
  { name: 'cancel', method: 'POST', url: `${M}.cancel`, headers: WRITER, body: { doctype: 'Test Order', name: '{order}' }, status: 200, contains: [{ message: { docstatus: 2 } }] },
  { name: 'cancel: a draft cannot be cancelled', method: 'POST', url: `${M}.cancel`, headers: WRITER, body: { doctype: 'Test Task', name: '{task}' }, status: 417, contains: ['exc_type'] },
  { name: 'rename_doc', method: 'POST', url: `${M}.rename_doc`, headers: WRITER, body: { doctype: 'Named Thing', old_name: '{spaced}', new_name: 'renamed thing' }, status: 200, contains: [{ message: 'renamed thing' }] },
  // Frappe throws a ValidationError here, not DoesNotExistError.
  { name: 'rename_doc: missing', method: 'POST', url: `${M}.rename_doc`, headers: WRITER, body: { doctype: 'Named Thing', old_name: 'NOPE', new_name: 'x' }, status: 417, ...error('ValidationError') },
  { name: 'rename_doc: DocType does not allow renaming', method: 'POST', url: `${M}.rename_doc`, headers: WRITER, body: { doctype: 'Test Task', old_name: '{task}', new_name: 'x' }, status: 417, ...error('ValidationError') },
  { name: 'bulk_update: partial success', method: 'POST', url: `${M}.bulk_update`, headers: WRITER, body: { docs: [{ doctype: 'Test Task', docname: '{task2}', priority: 5 }, { doctype: 'Test Task', docname: 'NOPE', priority: 1 }] }, status: 200, check: (r) => {
    const failed = r.json().message.failed_docs as Array<{ doc: { docname: string }; exc: string }>;
    assert.deepEqual(failed.map((f) => f.doc.docname), ['NOPE']);
    assert.match(failed[0]?.exc ?? '', /DoesNotExistError/);
  } },
  { name: 'delete: GET not allowed', url: `${M}.delete?doctype=Test%20Task&name=x`, headers: WRITER, status: 403, contains: [{ exc_type: 'PermissionError' }] },
  { name: 'delete: missing', method: 'POST', url: `${M}.delete`, headers: WRITER, body: { doctype: 'Test Task', name: 'NOPE' }, status: 404, ...error('DoesNotExistError') },
  { name: 'delete: reader', method: 'DELETE', url: `${M}.delete?doctype=Test%20Task&name={task2}`, headers: READER, status: 403, ...error('PermissionError') },
  { name: 'delete: body is {}', method: 'POST', url: `${M}.delete`, headers: WRITER, body: { doctype: 'Test Task', name: '{task2}' }, status: 200, check: (r) => assert.deepEqual(r.json(), {}) },
];

for (const dialect of DIALECTS) {
  describe(`frappe.client.* (${dialect})`, () => {
    let app: TestApp;
    let names: SeededNames;
    before(async () => {
      app = await buildApiWorld(dialect);
      names = await seedDocs(app);
    });
    after(() => app.close());
    const world = () => ({ app, names });

    describe('reads', () => itResolvedScenarios(READS, world));
    describe('writes', () => itResolvedScenarios(WRITES, world));

    it('save: a fetched document saved back with a change', async () => {
      const fetched = await app.app.inject({ url: `${M}.get?doctype=Test%20Task&name=${names['task']}`, headers: WRITER });
      const doc = { ...fetched.json().message, description: 'saved back' };
      const saved = await app.app.inject({ method: 'POST', url: `${M}.save`, headers: { ...WRITER, 'content-type': 'application/json' }, payload: JSON.stringify({ doc }) });
      assert.equal(saved.statusCode, 200, saved.body);
      assert.equal(saved.json().message.description, 'saved back');
    });

    it('insert_many is all or nothing', async () => {
      const before = await countRows(app, 'Test Task');
      const response = await app.app.inject({
        method: 'POST', url: `${M}.insert_many`, headers: { ...WRITER, 'content-type': 'application/json' },
        payload: JSON.stringify({ docs: [{ doctype: 'Test Task', description: 'ok' }, { doctype: 'Test Task' }] }),
      });
      assert.equal(response.statusCode, 417, response.body);
      assert.equal(await countRows(app, 'Test Task'), before);
    });

    it('Administrator may read everything through get', async () => {
      const response = await app.app.inject({ url: `${M}.get?doctype=User&name=writer%40example.com`, headers: ADMIN });
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.json().message.email, 'writer@example.com');
    });
  });
}
