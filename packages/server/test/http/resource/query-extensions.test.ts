import assert from 'node:assert/strict';
import { it } from 'node:test';
import { runScenario, type ApiScenario } from '../../helpers/api-scenario.js';
import {
  ADMIN,
  describeWorld,
  itResolvedScenarios,
  queryString,
  READER,
  WRITER,
} from './resource.fixtures.js';

/*
 * Query additions over HTTP: v16 nested and/or filter groups, object-form
 * aggregates, rolling timespans, pluck and distinct through the report view.
 */

const TASKS = '/api/resource/Test%20Task';
const messageOf = (r: { json: () => unknown }) => (r.json() as { message: unknown }).message;
const dataOf = (r: { json: () => unknown }) => (r.json() as { data: unknown }).data;

const scenarios: ApiScenario[] = [
  {
    name: 'nested group: first or closed',
    url: `${TASKS}?${queryString({
      fields: ['description'],
      filters: [['description', '=', 'first'], 'or', ['status', '=', 'Closed']],
      order_by: 'description asc',
    })}`,
    headers: WRITER,
    status: 200,
    contains: [{ data: [{ description: 'first' }, { description: 'second' }] }],
  },
  {
    name: 'nested group inside a list: AND-ed with the rest',
    url: `${TASKS}?${queryString({
      fields: ['description'],
      filters: [
        ['priority', '=', 2],
        [['description', '=', 'first'], 'or', ['status', '=', 'Closed']],
      ],
    })}`,
    headers: WRITER,
    status: 200,
    check: (r) => assert.deepEqual(dataOf(r), [{ description: 'first' }]),
  },
  {
    name: 'nested groups read left to right: (a or b) and c',
    url: `${TASKS}?${queryString({
      fields: ['description'],
      filters: [
        ['description', '=', 'first'],
        'or',
        ['status', '=', 'Closed'],
        'and',
        ['description', '=', 'second'],
      ],
    })}`,
    headers: WRITER,
    status: 200,
    check: (r) => assert.deepEqual(dataOf(r), [{ description: 'second' }]),
  },
  {
    name: 'get_count with a nested group',
    url: `/api/method/frappe.client.get_count?${queryString({
      doctype: 'Test Task',
      filters: [['description', '=', 'first'], 'or', ['description', '=', 'second']],
    })}`,
    headers: WRITER,
    status: 200,
    contains: [{ message: 2 }],
  },
  {
    name: 'a group naming a field the reader cannot read is refused',
    url: `${TASKS}?${queryString({
      filters: [['description', '=', 'first'], 'or', ['secret', '=', 's3cr3t']],
    })}`,
    headers: READER,
    status: 403,
    notContains: ['first'],
  },
  {
    name: 'a group with an unknown joiner is refused',
    url: `${TASKS}?${queryString({
      filters: [['description', '=', 'first'], 'xor', ['status', '=', 'Closed']],
    })}`,
    headers: WRITER,
    status: 417,
  },
  {
    name: 'a hostile field inside a group is refused',
    url: `${TASKS}?${queryString({
      filters: [['description', '=', 'first'], 'or', ['name) or (1=1', '=', 'x']],
    })}`,
    headers: WRITER,
    status: 417,
  },
  {
    name: 'object-form aggregates with an alias',
    url: `${TASKS}?${queryString({
      fields: [
        { COUNT: '*', as: 'n' },
        { SUM: 'priority', as: 'total' },
      ],
    })}`,
    headers: WRITER,
    status: 200,
    contains: [{ data: [{ n: 2, total: 2 }] }],
  },
  {
    name: 'object-form aggregate without an alias is labelled like the string form',
    url: `${TASKS}?${queryString({ fields: [{ count: 'name' }] })}`,
    headers: WRITER,
    status: 200,
    contains: [{ data: [{ 'count(name)': 2 }] }],
  },
  {
    name: 'object-form: a function that is not an aggregate is refused',
    url: `${TASKS}?${queryString({ fields: [{ SLEEP: '5' }] })}`,
    headers: WRITER,
    status: 417,
  },
  {
    name: 'object-form: two functions in one object are refused',
    url: `${TASKS}?${queryString({ fields: [{ COUNT: '*', SUM: 'priority' }] })}`,
    headers: WRITER,
    status: 417,
  },
  {
    name: 'object-form: a hostile alias is refused',
    url: `${TASKS}?${queryString({ fields: [{ COUNT: '*', as: 'n; drop table x' }] })}`,
    headers: WRITER,
    status: 417,
  },
  {
    name: 'rolling timespan: created in the last 7 days',
    url: `${TASKS}?${queryString({ filters: [['creation', 'timespan', 'last 7 days']], fields: [{ COUNT: '*', as: 'n' }] })}`,
    headers: WRITER,
    status: 200,
    contains: [{ data: [{ n: 2 }] }],
  },
  {
    name: 'rolling timespan: due in the next 30 days matches nothing',
    url: `${TASKS}?${queryString({ filters: [['due', 'timespan', 'next 30 days']] })}`,
    headers: WRITER,
    status: 200,
    contains: [{ data: [] }],
  },
  {
    name: 'report view: pluck and distinct over HTTP',
    url: `/api/method/frappe.desk.reportview.get_list?${queryString({
      doctype: 'Test Task',
      pluck: 'status',
      distinct: 1,
    })}`,
    headers: WRITER,
    status: 200,
    // v15 drops every ORDER BY under distinct, so compare as a set.
    check: (r) => assert.deepEqual([...(messageOf(r) as string[])].sort(), ['Closed', 'Open']),
  },
  {
    name: 'debug: a System Manager gets the query in _debug_messages',
    url: `${TASKS}?${queryString({ filters: [['description', '=', 'first']], debug: 1 })}`,
    headers: ADMIN,
    status: 200,
    check: (r) => {
      const log = JSON.parse((r.json() as { _debug_messages: string })._debug_messages) as string[];
      assert.match(log[0] ?? '', /^select /i);
      assert.match(log[1] ?? '', /"first"/);
    },
  },
  {
    name: 'debug: get_count too',
    url: `/api/method/frappe.client.get_count?${queryString({ doctype: 'Test Task', debug: 1 })}`,
    headers: ADMIN,
    status: 200,
    contains: [{ message: 2 }, '_debug_messages'],
  },
  {
    name: 'debug: anyone else gets the rows without the query',
    url: `${TASKS}?${queryString({ debug: 1 })}`,
    headers: WRITER,
    status: 200,
    notContains: ['key:_debug_messages', 'select'],
  },
];

describeWorld('query extensions over HTTP', (world) => {
  itResolvedScenarios(scenarios, world);
  it('a deeply nested group is refused, not a stack overflow', async () => {
    let filters: unknown = ['description', '=', 'first'];
    for (let depth = 0; depth < 40; depth++) filters = [filters, 'or', ['status', '=', 'Open']];
    await runScenario(world().app.app, {
      name: 'deep group',
      method: 'POST',
      url: '/api/method/frappe.client.get_count',
      headers: WRITER,
      body: { doctype: 'Test Task', filters },
      status: 417,
    });
  });
});
