import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ApiScenario } from '../../helpers/api-scenario.js';
import type { TestApp } from '../../helpers/build-test-app.js';
import { DIALECTS } from '../../helpers/dialects.js';
import { ADMIN, buildApiWorld, itResolvedScenarios, NOBODY, ODD_NAMES, READER, seedDocs, WRITER, type SeededNames } from './resource.fixtures.js';

const TASKS = '/api/resource/Test%20Task';
const json = (headers: Record<string, string>) => ({ ...headers, 'content-type': 'application/json' });
/** Every error body: `exc_type` plus the message log; tracebacks stay hidden outside developer mode. */
const error = (excType: string): Pick<ApiScenario, 'contains' | 'notContains'> => ({
  contains: [{ exc_type: excType }, '_server_messages'],
  notContains: ['key:exception', 'key:exc', 'key:data'],
});
const noNulls = (response: { json(): unknown }) => assert.ok(!JSON.stringify(response.json()).includes(':null'), 'document has null fields');

const LIST: ApiScenario[] = [
  { name: 'list: default fields are names', url: TASKS, headers: WRITER, status: 200, check: (r) => assert.deepEqual(Object.keys(r.json().data[0]), ['name']) },
  { name: 'list: fields and filters', url: `${TASKS}?fields=["name","status"]&filters=[["status","=","Closed"]]`, headers: WRITER, status: 200, contains: [{ data: [{ name: '{task2}', status: 'Closed' }] }], check: (r) => assert.equal(r.json().data.length, 1) },
  { name: 'list: dict filters', url: `${TASKS}?filters={"description":"first"}&fields=["description"]`, headers: WRITER, status: 200, contains: [{ data: [{ description: 'first' }] }] },
  { name: 'list: or_filters', url: `${TASKS}?or_filters=[["status","=","Closed"],["priority","=",2]]`, headers: WRITER, status: 200, check: (r) => assert.equal(r.json().data.length, 2) },
  { name: 'list: as_dict=0 gives arrays', url: `${TASKS}?fields=["description"]&as_dict=0&order_by=description asc`, headers: WRITER, status: 200, contains: [{ data: [['first'], ['second']] }] },
  { name: 'list: limit_page_length', url: `${TASKS}?limit_page_length=1`, headers: WRITER, status: 200, check: (r) => assert.equal(r.json().data.length, 1) },
  { name: 'list: limit alias', url: `${TASKS}?limit=1&limit_start=1`, headers: WRITER, status: 200, check: (r) => assert.equal(r.json().data.length, 1) },
  { name: 'list: group_by with count', url: `${TASKS}?fields=["status","count(name) as n"]&group_by=status&order_by=status asc`, headers: WRITER, status: 200, contains: [{ data: [{ status: 'Closed', n: 1 }, { status: 'Open', n: 1 }] }] },
  { name: 'list: /api/v1 alias and trailing slash', url: '/api/v1/resource/Test%20Task/', headers: WRITER, status: 200, check: (r) => assert.equal(r.json().data.length, 2) },
  { name: 'list: expand readable link (Administrator)', url: `${TASKS}?fields=["name","allocated_to"]&filters={"description":"first"}&expand=["allocated_to"]`, headers: ADMIN, status: 200, contains: [{ data: [{ allocated_to: { name: 'writer@example.com', doctype: 'User' } }] }] },
  { name: 'list: expand skips links the user may not read', url: `${TASKS}?fields=["name","allocated_to"]&filters={"description":"first"}&expand=["allocated_to"]`, headers: WRITER, status: 200, contains: [{ data: [{ allocated_to: 'writer@example.com' }] }] },
  { name: 'list: level-1 field trimmed for reader', url: `${TASKS}?fields=["name","secret"]`, headers: READER, status: 200, notContains: ['s3cr3t'] },
  { name: 'list: malformed filters JSON', url: `${TASKS}?filters=[["status"`, headers: WRITER, status: 417, ...error('ValidationError') },
  { name: 'list: unknown field', url: `${TASKS}?fields=["no_such_field"]`, headers: WRITER, status: 417, contains: ['exc_type'] },
  { name: 'list: bad page length', url: `${TASKS}?limit_page_length=-5`, headers: WRITER, status: 417, ...error('ValidationError') },
  { name: 'list: Guest', url: TASKS, status: 403, ...error('PermissionError') },
  { name: 'list: user without any role', url: TASKS, headers: NOBODY, status: 403, ...error('PermissionError') },
  { name: 'list: unknown DocType', url: '/api/resource/No%20Such%20Type', headers: ADMIN, status: 404, contains: [{ exc_type: 'DoesNotExistError' }] },
];

const INSERT: ApiScenario[] = [
  { name: 'insert: JSON body', method: 'POST', url: TASKS, headers: WRITER, body: { description: 'new' }, status: 200, contains: [{ data: { doctype: 'Test Task', description: 'new', status: 'Open', docstatus: 0, owner: 'writer@example.com' } }], check: noNulls },
  { name: 'insert: form field data=', method: 'POST', url: TASKS, headers: { ...WRITER, 'content-type': 'application/x-www-form-urlencoded' }, body: `data=${encodeURIComponent('{"description":"form"}')}`, status: 200, contains: [{ data: { description: 'form' } }] },
  { name: 'insert: plain form fields', method: 'POST', url: TASKS, headers: { ...WRITER, 'content-type': 'application/x-www-form-urlencoded' }, body: 'description=plain&priority=3', status: 200, contains: [{ data: { description: 'plain', priority: 3 } }] },
  { name: 'insert: child rows', method: 'POST', url: TASKS, headers: WRITER, body: { description: 'kids', items: [{ item: 'x', qty: 5 }] }, status: 200, contains: [{ data: { items: [{ item: 'x', qty: 5, parenttype: 'Test Task', parentfield: 'items', doctype: 'Task Item' }] } }] },
  { name: 'insert: the URL DocType wins', method: 'POST', url: TASKS, headers: WRITER, body: { doctype: 'Test Order', description: 'url wins' }, status: 200, contains: [{ data: { doctype: 'Test Task' } }] },
  { name: 'insert: mass-assigned owner and creation ignored', method: 'POST', url: TASKS, headers: WRITER, body: { description: 'mass', owner: 'Administrator', creation: '2000-01-01 00:00:00', modified_by: 'x' }, status: 200, contains: [{ data: { owner: 'writer@example.com', modified_by: 'writer@example.com' } }], notContains: ['2000-01-01'] },
  { name: 'insert: name ignored for hash naming', method: 'POST', url: TASKS, headers: WRITER, body: { name: 'chosen', description: 'n' }, status: 200, notContains: ['"chosen"'] },
  { name: 'insert: docstatus 1 submits', method: 'POST', url: '/api/resource/Test%20Order', headers: WRITER, body: { amount: 5, docstatus: 1 }, status: 200, contains: [{ data: { docstatus: 1 } }] },
  { name: 'insert: docstatus 2 refused', method: 'POST', url: '/api/resource/Test%20Order', headers: WRITER, body: { amount: 5, docstatus: 2 }, status: 417, ...error('DocstatusTransitionError') },
  { name: 'insert: missing mandatory', method: 'POST', url: TASKS, headers: WRITER, body: { priority: 1 }, status: 417, ...error('MandatoryError') },
  { name: 'insert: bad Int value', method: 'POST', url: TASKS, headers: WRITER, body: { description: 'x', priority: 'lots' }, status: 417, contains: ['exc_type', 'priority'] },
  { name: 'insert: reader may not create', method: 'POST', url: TASKS, headers: READER, body: { description: 'x' }, status: 403, ...error('PermissionError') },
  { name: 'insert: Guest', method: 'POST', url: TASKS, body: { description: 'x' }, status: 403, ...error('PermissionError') },
  { name: 'insert: data is not an object', method: 'POST', url: TASKS, headers: WRITER, body: { data: '[1,2]' }, status: 417, ...error('ValidationError') },
];

const READ: ApiScenario[] = [
  { name: 'read: document with child rows, nulls omitted', url: `${TASKS}/{task}`, headers: WRITER, status: 200, contains: [{ data: { name: '{task}', description: 'first', secret: 's3cr3t', items: [{ item: 'a' }, { item: 'b' }] } }], check: noNulls },
  { name: 'read: level-1 field hidden from reader', url: `${TASKS}/{task}`, headers: READER, status: 200, contains: [{ data: { description: 'first' } }], notContains: ['s3cr3t'] },
  { name: 'read: expand_links as Administrator', url: `${TASKS}/{task}?expand_links=1`, headers: ADMIN, status: 200, contains: [{ data: { allocated_to: { name: 'writer@example.com', doctype: 'User' } } }] },
  { name: 'read: expand_links keeps unreadable links as names', url: `${TASKS}/{task}?expand_links=true`, headers: WRITER, status: 200, contains: [{ data: { allocated_to: 'writer@example.com' } }] },
  { name: 'read: missing document', url: `${TASKS}/NOPE`, headers: WRITER, status: 404, ...error('DoesNotExistError') },
  { name: 'read: no DocType permission answers 403, not 404', url: `${TASKS}/NOPE`, headers: NOBODY, status: 403, ...error('PermissionError') },
  { name: 'read: Guest', url: `${TASKS}/{task}`, status: 403, ...error('PermissionError') },
  { name: 'read: Single by its own name', url: '/api/resource/Test%20Settings/Test%20Settings', headers: WRITER, status: 200, contains: [{ data: { doctype: 'Test Settings', name: 'Test Settings' } }] },
  ...Object.keys(ODD_NAMES).map((key): ApiScenario => ({ name: `read: name "${key}" URL-encoded`, url: `/api/resource/Named%20Thing/{${key}}`, headers: WRITER, status: 200, contains: [{ data: { title: key } }] })),
  { name: 'read: name with raw slashes', url: '/api/resource/Named%20Thing/a/b/c', headers: WRITER, status: 200, contains: [{ data: { name: 'a/b/c' } }] },
];

const UPDATE: ApiScenario[] = [
  { name: 'update: partial', method: 'PUT', url: `${TASKS}/{task2}`, headers: WRITER, body: { description: 'changed' }, status: 200, contains: [{ data: { description: 'changed', status: 'Closed' } }], check: noNulls },
  { name: 'update: stale modified', method: 'PUT', url: `${TASKS}/{task2}`, headers: WRITER, body: { description: 'late', modified: '2001-01-01 00:00:00' }, status: 417, ...error('TimestampMismatchError') },
  { name: 'update: another name in the body', method: 'PUT', url: `${TASKS}/{task2}`, headers: WRITER, body: { name: '{task}', description: 'moved' }, status: 417, ...error('CannotChangeConstantError') },
  { name: 'update: owner cannot change', method: 'PUT', url: `${TASKS}/{task2}`, headers: WRITER, body: { owner: 'Administrator' }, status: 417, ...error('CannotChangeConstantError') },
  { name: 'update: reader may not write', method: 'PUT', url: `${TASKS}/{task2}`, headers: READER, body: { description: 'x' }, status: 403, ...error('PermissionError') },
  { name: 'update: missing document', method: 'PUT', url: `${TASKS}/NOPE`, headers: WRITER, body: { description: 'x' }, status: 404, ...error('DoesNotExistError') },
  { name: 'update: validation error', method: 'PUT', url: `${TASKS}/{task2}`, headers: WRITER, body: { status: 'Bogus' }, status: 417, contains: ['exc_type'] },
  { name: 'update: PATCH is not a v1 verb', method: 'PATCH', url: `${TASKS}/{task2}`, headers: WRITER, body: { description: 'x' }, status: 405, contains: [{ exc_type: 'MethodNotAllowed' }] },
];

const METHODS: ApiScenario[] = [
  { name: 'method: run_method on POST', method: 'POST', url: `${TASKS}/{task}?run_method=echo`, headers: WRITER, status: 200, contains: [{ data: { name: '{task}' } }] },
  { name: 'method: arguments passed on', method: 'POST', url: `${TASKS}/{task}`, headers: WRITER, body: { run_method: 'echo', greeting: 'hi' }, status: 200, contains: [{ data: { args: { greeting: 'hi' } } }], notContains: ['run_method'] },
  { name: 'method: path form', method: 'POST', url: `${TASKS}/{task}/echo`, headers: WRITER, status: 200, contains: [{ data: { name: '{task}' } }] },
  { name: 'method: legacy GET needs read only', url: `${TASKS}/{task}?run_method=echo`, headers: READER, status: 200, contains: [{ data: { name: '{task}' } }] },
  { name: 'method: POST needs write', method: 'POST', url: `${TASKS}/{task}?run_method=close`, headers: READER, status: 403, ...error('PermissionError') },
  { name: 'method: unknown method', method: 'POST', url: `${TASKS}/{task}?run_method=nope`, headers: WRITER, status: 404, ...error('DoesNotExistError') },
  { name: 'method: run_method missing', method: 'POST', url: `${TASKS}/{task}`, headers: WRITER, body: {}, status: 417, ...error('ValidationError') },
];

for (const dialect of DIALECTS) {
  describe(`/api/resource (${dialect})`, () => {
    let app: TestApp;
    let names: SeededNames;
    before(async () => {
      app = await buildApiWorld(dialect);
      names = await seedDocs(app);
    });
    after(() => app.close());
    const world = () => ({ app, names });

    describe('list', () => itResolvedScenarios(LIST, world));
    describe('read', () => itResolvedScenarios(READ, world));
    describe('methods', () => itResolvedScenarios(METHODS, world));
    describe('insert', () => itResolvedScenarios(INSERT, world));
    describe('update', () => itResolvedScenarios(UPDATE, world));

    it('update: child rows are merged, added and removed; a GET shows the change', async () => {
      const body = { items: [{ name: names['row1'], qty: 9 }, { item: 'new', qty: 1 }] };
      const put = await app.app.inject({ method: 'PUT', url: `${TASKS}/${names['task']}`, headers: json(WRITER), payload: JSON.stringify(body) });
      assert.equal(put.statusCode, 200, put.body);
      const read = await app.app.inject({ url: `${TASKS}/${names['task']}`, headers: WRITER });
      const items = read.json().data.items as Array<Record<string, unknown>>;
      assert.deepEqual(items.map((row) => [row['item'], row['qty']]), [['a', 9], ['new', 1]]);
    });

    it('delete: 202 {"data":"ok"}, then 404; failures first', async () => {
      const url = `${TASKS}/${names['task2']}`;
      for (const [headers, status, excType] of [[READER, 403, 'PermissionError'], [NOBODY, 403, 'PermissionError'], [{}, 403, 'PermissionError']] as const) {
        const denied = await app.app.inject({ method: 'DELETE', url, headers });
        assert.equal(denied.statusCode, status, denied.body);
        assert.equal(denied.json().exc_type, excType);
      }
      const deleted = await app.app.inject({ method: 'DELETE', url, headers: WRITER });
      assert.equal(deleted.statusCode, 202, deleted.body);
      assert.deepEqual(deleted.json(), { data: 'ok' });
      const gone = await app.app.inject({ url, headers: WRITER });
      assert.equal(gone.statusCode, 404);
      assert.equal(gone.json().exc_type, 'DoesNotExistError');
      const again = await app.app.inject({ method: 'DELETE', url, headers: WRITER });
      assert.equal(again.statusCode, 404);
    });

    it('delete: a submitted document is refused', async () => {
      const response = await app.app.inject({ method: 'DELETE', url: `/api/resource/Test%20Order/${names['submitted']}`, headers: WRITER });
      assert.equal(response.statusCode, 417, response.body);
    });
  });
}
