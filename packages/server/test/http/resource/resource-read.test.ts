import assert from 'node:assert/strict';
import { describe } from 'node:test';
import type { ApiScenario } from '../../helpers/api-scenario.js';
import {
  ADMIN,
  assertNoNulls as noNulls,
  describeWorld,
  itResolvedScenarios,
  NOBODY,
  ODD_NAMES,
  READER,
  v1Error,
  WRITER,
} from './resource.fixtures.js';

const TASKS = '/api/resource/Test%20Task';
const error = (excType: string) => v1Error(excType, 'data');

const LIST: ApiScenario[] = [
  {
    name: 'list: default fields are names',
    url: TASKS,
    headers: WRITER,
    status: 200,
    check: (r) => assert.deepEqual(Object.keys(r.json().data[0]), ['name']),
  },
  {
    name: 'list: fields and filters',
    url: `${TASKS}?fields=["name","status"]&filters=[["status","=","Closed"]]`,
    headers: WRITER,
    status: 200,
    contains: [{ data: [{ name: '{task2}', status: 'Closed' }] }],
    check: (r) => assert.equal(r.json().data.length, 1),
  },
  {
    name: 'list: dict filters',
    url: `${TASKS}?filters={"description":"first"}&fields=["description"]`,
    headers: WRITER,
    status: 200,
    contains: [{ data: [{ description: 'first' }] }],
  },
  {
    name: 'list: or_filters',
    url: `${TASKS}?or_filters=[["status","=","Closed"],["priority","=",2]]`,
    headers: WRITER,
    status: 200,
    check: (r) => assert.equal(r.json().data.length, 2),
  },
  {
    name: 'list: as_dict=0 gives arrays',
    url: `${TASKS}?fields=["description"]&as_dict=0&order_by=description asc`,
    headers: WRITER,
    status: 200,
    contains: [{ data: [['first'], ['second']] }],
  },
  {
    name: 'list: limit_page_length',
    url: `${TASKS}?limit_page_length=1`,
    headers: WRITER,
    status: 200,
    check: (r) => assert.equal(r.json().data.length, 1),
  },
  {
    name: 'list: limit alias',
    url: `${TASKS}?limit=1&limit_start=1`,
    headers: WRITER,
    status: 200,
    check: (r) => assert.equal(r.json().data.length, 1),
  },
  {
    name: 'list: group_by with count',
    url: `${TASKS}?fields=["status","count(name) as n"]&group_by=status&order_by=status asc`,
    headers: WRITER,
    status: 200,
    contains: [
      {
        data: [
          { status: 'Closed', n: 1 },
          { status: 'Open', n: 1 },
        ],
      },
    ],
  },
  {
    name: 'list: /api/v1 alias and trailing slash',
    url: '/api/v1/resource/Test%20Task/',
    headers: WRITER,
    status: 200,
    check: (r) => assert.equal(r.json().data.length, 2),
  },
  {
    name: 'list: expand readable link (Administrator)',
    url: `${TASKS}?fields=["name","allocated_to"]&filters={"description":"first"}&expand=["allocated_to"]`,
    headers: ADMIN,
    status: 200,
    contains: [{ data: [{ allocated_to: { name: 'writer@example.com', doctype: 'User' } }] }],
  },
  {
    name: 'list: expand skips links the user may not read',
    url: `${TASKS}?fields=["name","allocated_to"]&filters={"description":"first"}&expand=["allocated_to"]`,
    headers: WRITER,
    status: 200,
    contains: [{ data: [{ allocated_to: 'writer@example.com' }] }],
  },
  {
    name: 'list: level-1 field trimmed for reader',
    url: `${TASKS}?fields=["name","secret"]`,
    headers: READER,
    status: 200,
    notContains: ['s3cr3t'],
  },
  {
    name: 'list: malformed filters JSON',
    url: `${TASKS}?filters=[["status"`,
    headers: WRITER,
    status: 417,
    ...error('ValidationError'),
  },
  {
    name: 'list: unknown field',
    url: `${TASKS}?fields=["no_such_field"]`,
    headers: WRITER,
    status: 417,
    contains: ['exc_type'],
  },
  {
    name: 'list: bad page length',
    url: `${TASKS}?limit_page_length=-5`,
    headers: WRITER,
    status: 417,
    ...error('ValidationError'),
  },
  { name: 'list: Guest', url: TASKS, status: 403, ...error('PermissionError') },
  {
    name: 'list: user without any role',
    url: TASKS,
    headers: NOBODY,
    status: 403,
    ...error('PermissionError'),
  },
  {
    name: 'list: unknown DocType',
    url: '/api/resource/No%20Such%20Type',
    headers: ADMIN,
    status: 404,
    contains: [{ exc_type: 'DoesNotExistError' }],
  },
];

const READ: ApiScenario[] = [
  {
    name: 'read: document with child rows, nulls omitted',
    url: `${TASKS}/{task}`,
    headers: WRITER,
    status: 200,
    contains: [
      {
        data: {
          name: '{task}',
          description: 'first',
          secret: 's3cr3t',
          items: [{ item: 'a' }, { item: 'b' }],
        },
      },
    ],
    check: noNulls,
  },
  {
    name: 'read: level-1 field hidden from reader',
    url: `${TASKS}/{task}`,
    headers: READER,
    status: 200,
    contains: [{ data: { description: 'first' } }],
    notContains: ['s3cr3t'],
  },
  {
    name: 'read: expand_links as Administrator',
    url: `${TASKS}/{task}?expand_links=1`,
    headers: ADMIN,
    status: 200,
    contains: [{ data: { allocated_to: { name: 'writer@example.com', doctype: 'User' } } }],
  },
  {
    name: 'read: expand_links keeps unreadable links as names',
    url: `${TASKS}/{task}?expand_links=true`,
    headers: WRITER,
    status: 200,
    contains: [{ data: { allocated_to: 'writer@example.com' } }],
  },
  {
    name: 'read: missing document',
    url: `${TASKS}/NOPE`,
    headers: WRITER,
    status: 404,
    ...error('DoesNotExistError'),
  },
  {
    name: 'read: no DocType permission answers 403, not 404',
    url: `${TASKS}/NOPE`,
    headers: NOBODY,
    status: 403,
    ...error('PermissionError'),
  },
  { name: 'read: Guest', url: `${TASKS}/{task}`, status: 403, ...error('PermissionError') },
  {
    name: 'read: Single by its own name',
    url: '/api/resource/Test%20Settings/Test%20Settings',
    headers: WRITER,
    status: 200,
    contains: [{ data: { doctype: 'Test Settings', name: 'Test Settings' } }],
  },
  // A Single has no table of rows: listing or counting it is a clear 417, never a 500.
  ...[
    '/api/resource/Test%20Settings',
    '/api/method/frappe.client.get_count?doctype=Test%20Settings',
    '/api/method/frappe.client.get_list?doctype=Test%20Settings',
  ].map((url): ApiScenario => ({
    name: `read: a Single has no list (${url.split('?')[0]})`,
    url,
    headers: WRITER,
    status: 417,
    ...error('ValidationError'),
  })),
  {
    name: 'read: a Single has no list (/api/v2/document)',
    url: '/api/v2/document/Test%20Settings',
    headers: WRITER,
    status: 417,
    contains: [{ errors: [{ type: 'ValidationError' }] }],
  },
  {
    name: 'read: get_value on a Single reads its one document',
    url: '/api/method/frappe.client.get_value?doctype=Test%20Settings&fieldname=%5B%22name%22%2C%22greeting%22%5D',
    headers: WRITER,
    status: 200,
    contains: [{ message: { name: 'Test Settings', greeting: null } }],
  },
  {
    name: 'read: get_value on a Single as a list of values',
    url: '/api/method/frappe.client.get_value?doctype=Test%20Settings&fieldname=%5B%22greeting%22%2C%22name%22%5D&as_dict=0',
    headers: WRITER,
    status: 200,
    contains: [{ message: [null, 'Test Settings'] }],
  },
  {
    name: 'read: get_value on a Single needs read',
    url: '/api/method/frappe.client.get_value?doctype=Test%20Settings&fieldname=greeting',
    status: 403,
    ...error('PermissionError'),
  },
  ...Object.keys(ODD_NAMES).map((key): ApiScenario => ({
    name: `read: name "${key}" URL-encoded`,
    url: `/api/resource/Named%20Thing/{${key}}`,
    headers: WRITER,
    status: 200,
    contains: [{ data: { title: key } }],
  })),
  {
    name: 'read: name with raw slashes',
    url: '/api/resource/Named%20Thing/a/b/c',
    headers: WRITER,
    status: 200,
    contains: [{ data: { name: 'a/b/c' } }],
  },
];

const METHODS: ApiScenario[] = [
  {
    name: 'method: run_method on POST',
    method: 'POST',
    url: `${TASKS}/{task}?run_method=echo`,
    headers: WRITER,
    status: 200,
    contains: [{ data: { name: '{task}' } }],
  },
  {
    name: 'method: arguments passed on',
    method: 'POST',
    url: `${TASKS}/{task}`,
    headers: WRITER,
    body: { run_method: 'echo', greeting: 'hi' },
    status: 200,
    contains: [{ data: { args: { greeting: 'hi' } } }],
    notContains: ['run_method'],
  },
  {
    name: 'method: path form',
    method: 'POST',
    url: `${TASKS}/{task}/echo`,
    headers: WRITER,
    status: 200,
    contains: [{ data: { name: '{task}' } }],
  },
  {
    name: 'method: legacy GET needs read only',
    url: `${TASKS}/{task}?run_method=echo`,
    headers: READER,
    status: 200,
    contains: [{ data: { name: '{task}' } }],
  },
  {
    name: 'method: POST needs write',
    method: 'POST',
    url: `${TASKS}/{task}?run_method=close`,
    headers: READER,
    status: 403,
    ...error('PermissionError'),
  },
  {
    name: 'method: unknown method',
    method: 'POST',
    url: `${TASKS}/{task}?run_method=nope`,
    headers: WRITER,
    status: 404,
    ...error('DoesNotExistError'),
  },
  {
    name: 'method: run_method missing',
    method: 'POST',
    url: `${TASKS}/{task}`,
    headers: WRITER,
    body: {},
    status: 417,
    ...error('ValidationError'),
  },
];

describeWorld('/api/resource reads', (world) => {
  describe('list', () => itResolvedScenarios(LIST, world));
  describe('read', () => itResolvedScenarios(READ, world));
  describe('methods', () => itResolvedScenarios(METHODS, world));
});
