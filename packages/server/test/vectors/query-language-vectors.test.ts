import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { ADMIN, describeVectors, postDoc, type Vector } from './vector-world.js';

/*
 * Test vectors of docs/spec/query-language.md §11 through real HTTP on the
 * core ToDo. The engine suites (test/engine/query) cover every vector on a
 * test DocType; these check the wire: argument decoding, envelopes, errors.
 * Q26 answers 417 ValidationError where Frappe answers 500 JSONDecodeError
 * (spec §12, docs/rest-api.md).
 */

const TODOS = 25;
const list = (query: string) => `/api/resource/ToDo?${query}`;
const rows = (r: LightMyRequestResponse) => r.json<{ data: Record<string, unknown>[] }>().data;
const count = (n: number) => (r: LightMyRequestResponse) => assert.equal(rows(r).length, n);

const vectors: Vector[] = [
  {
    name: 'Q1 default page: 20 rows of {name}',
    url: list(''),
    headers: ADMIN,
    status: 200,
    check: (r) => {
      assert.equal(rows(r).length, 20);
      for (const row of rows(r)) assert.deepEqual(Object.keys(row), ['name']);
    },
  },
  {
    name: 'Q2 limit_page_length=0 is every row',
    url: list('limit_page_length=0'),
    headers: ADMIN,
    status: 200,
    check: count(TODOS),
  },
  { name: 'Q3 limit alias', url: list('limit=5'), headers: ADMIN, status: 200, check: count(5) },
  {
    name: 'Q3 limit_page_length wins over limit',
    url: list('limit=5&limit_page_length=2'),
    headers: ADMIN,
    status: 200,
    check: count(2),
  },
  {
    name: 'Q4 second page',
    url: list('limit_start=20&limit_page_length=20'),
    headers: ADMIN,
    status: 200,
    check: count(5),
  },
  {
    name: 'Q5 fields and list filters',
    url: list('fields=["name","status"]&filters=[["status","=","Open"]]&limit_page_length=0'),
    headers: ADMIN,
    status: 200,
    check: (r) => {
      assert.equal(rows(r).length, 20);
      for (const row of rows(r))
        assert.deepEqual([Object.keys(row), row.status], [['name', 'status'], 'Open']);
    },
  },
  {
    name: 'Q6 dict filter with in',
    url: list('filters={"status":["in",["Open","Closed"]]}&limit_page_length=0'),
    headers: ADMIN,
    status: 200,
    check: count(TODOS),
  },
  {
    name: 'Q7 dict filter, two keys',
    url: list('filters={"status":"Closed","priority":"High"}'),
    headers: ADMIN,
    status: 200,
    check: count(5),
  },
  {
    name: 'Q8 != keeps other values',
    url: list('filters=[["ToDo","priority","!=","High"]]&limit_page_length=0'),
    headers: ADMIN,
    status: 200,
    check: count(20),
  },
  {
    name: 'Q9 like is case-insensitive',
    url: list('filters=[["description","like","%25URGENT%25"]]'),
    headers: ADMIN,
    status: 200,
    check: count(3),
  },
  {
    name: 'Q10 date between is inclusive',
    url: list('filters=[["date","between",["2024-01-01","2024-01-31"]]]&limit_page_length=0'),
    headers: ADMIN,
    status: 200,
    check: count(2),
  },
  {
    name: 'Q12 is set',
    url: list('filters=[["allocated_to","is","set"]]'),
    headers: ADMIN,
    status: 200,
    check: count(1),
  },
  {
    name: 'Q12 is not set',
    url: list('filters=[["allocated_to","is","not set"]]&limit_page_length=0'),
    headers: ADMIN,
    status: 200,
    check: count(TODOS - 1),
  },
  {
    name: 'Q13 in [] matches no stored status',
    url: list('filters=[["status","in",[]]]'),
    headers: ADMIN,
    status: 200,
    check: count(0),
  },
  {
    name: 'Q14 unknown operator',
    url: list('filters=[["status","equals","Open"]]'),
    headers: ADMIN,
    status: 417,
    contains: [{ exc_type: 'ValidationError' }, 'Operator must be one of'],
  },
  {
    name: 'Q15 unknown field in fields',
    url: list('fields=["no_such_field"]'),
    headers: ADMIN,
    status: 417,
    contains: [{ exc_type: 'DataError' }, 'Field not permitted in query: no_such_field'],
  },
  {
    name: 'Q16 unknown field in filters',
    url: list('filters=[["no_such_field","=","x"]]'),
    headers: ADMIN,
    status: 417,
    contains: [{ exc_type: 'DataError' }, 'Field not permitted in query: no_such_field'],
  },
  {
    name: 'Q18 order_by injection',
    url: list('order_by=name; drop table x'),
    headers: ADMIN,
    status: 417,
    contains: [{ exc_type: 'ValidationError' }, 'Illegal SQL Query'],
  },
  {
    name: 'Q19 sub-query in order_by',
    url: list('order_by=(select name from tabUser)'),
    headers: ADMIN,
    status: 417,
    contains: ['Cannot use sub-query in order by'],
  },
  {
    name: 'Q20 sleep in order_by',
    url: list('order_by=sleep(5)'),
    headers: ADMIN,
    status: 417,
    contains: ['Cannot use sleep in order/group by'],
  },
  {
    name: 'Q21 group by with count',
    url: list('fields=["status","count(name) as count"]&group_by=status&order_by=status asc'),
    headers: ADMIN,
    status: 200,
    check: (r) =>
      assert.deepEqual(rows(r), [
        { status: 'Closed', count: 5 },
        { status: 'Open', count: 20 },
      ]),
  },
  {
    name: 'Q24 as_dict=0 gives pairs',
    url: list('as_dict=0&fields=["name","status"]&limit=3'),
    headers: ADMIN,
    status: 200,
    check: (r) => {
      const data = r.json<{ data: unknown[] }>().data;
      assert.equal(data.length, 3);
      for (const row of data) assert.ok(Array.isArray(row) && row.length === 2);
    },
  },
  {
    name: 'Q25 filters and or_filters',
    url: list(
      'filters=[["owner","=","Administrator"]]&or_filters=[["status","=","Closed"],["priority","=","High"]]&limit_page_length=0',
    ),
    headers: ADMIN,
    status: 200,
    check: count(5),
  },
  {
    name: 'Q26 malformed JSON filters',
    url: list('filters=[['),
    headers: ADMIN,
    status: 417,
    contains: [{ exc_type: 'ValidationError' }],
  },
  {
    name: 'Q27 get_count',
    url: '/api/method/frappe.client.get_count?doctype=ToDo&filters={"status":"Open"}',
    headers: ADMIN,
    status: 200,
    check: (r) => assert.deepEqual(r.json(), { message: 20 }),
  },
  {
    name: 'Q28 get_value of an unknown name is {}',
    url: '/api/method/frappe.client.get_value?doctype=ToDo&fieldname=["status","priority"]&filters={"name":"nope"}',
    headers: ADMIN,
    status: 200,
    check: (r) => assert.deepEqual(r.json(), { message: {} }),
  },
  {
    name: 'Q29 fields=["*"] gives every column',
    url: list('fields=["*"]&limit=1'),
    headers: ADMIN,
    status: 200,
    check: (r) => {
      for (const key of [
        'name',
        'owner',
        'creation',
        'modified',
        'docstatus',
        'status',
        'priority',
        'description',
      ]) {
        assert.ok(key in (rows(r)[0] ?? {}), key);
      }
    },
  },
  {
    name: 'Q30 list as Guest',
    url: list(''),
    status: 403,
    contains: [{ exc_type: 'PermissionError' }],
  },
  {
    name: 'Q31 v2 list has_next_page',
    url: '/api/v2/document/ToDo?limit=2',
    headers: ADMIN,
    status: 200,
    check: (r) => {
      assert.equal(r.json<{ data: unknown[] }>().data.length, 2);
      assert.equal(r.json<{ has_next_page: unknown }>().has_next_page, true);
    },
  },
  {
    name: 'Q33 order by two keys',
    url: list('order_by=priority asc, name desc&fields=["name","priority"]&limit_page_length=0'),
    headers: ADMIN,
    status: 200,
    check: (r) => {
      const got = rows(r).map((row) => `${String(row.priority)} ${String(row.name)}`);
      const sorted = [...rows(r)]
        .sort(
          (a, b) =>
            String(a.priority).localeCompare(String(b.priority)) ||
            String(b.name).localeCompare(String(a.name)),
        )
        .map((row) => `${String(row.priority)} ${String(row.name)}`);
      assert.deepEqual(got, sorted);
    },
  },
];

describeVectors(
  'docs/spec/query-language.md §11',
  {
    seed: async (t) => {
      // 20 Open (Medium, 3 of them "urgent" in varied case, 2 dated January 2024 at both ends),
      // 5 Closed High, one allocated to Administrator.
      const descriptions = ['an URGENT fix', 'urgent', 'Not Urgent at all'];
      const dates = ['2024-01-01', '2024-01-31', '2024-02-01', '2023-12-31'];
      for (let i = 0; i < TODOS; i += 1) {
        const closed = i >= 20;
        await postDoc(t, 'ToDo', {
          description: descriptions[i] ?? `todo ${i}`,
          status: closed ? 'Closed' : 'Open',
          priority: closed ? 'High' : 'Medium',
          ...(i < dates.length ? { date: dates[i] } : {}),
          ...(i === 24 ? { allocated_to: 'Administrator' } : {}),
        });
      }
      return {};
    },
  },
  vectors,
);
