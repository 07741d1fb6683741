import type { ExcType } from '@cortado/protocol';
import { getCount, getList, getValue, type ListArgs } from '../../../src/engine/query/index.js';
import type { HostileCase } from './hostile-world.js';

/** SQL an attacker puts where a column name belongs. */
const SQL_PAYLOADS: readonly string[] = [
  'name; drop table `tabTest Customer`',
  'name) union select password from tabUser --',
  "name' or '1'='1",
  'name /* comment */',
  'name -- trailing',
  'name # hash comment',
  '(select name from `tabTest Customer`)',
  'sleep(3)',
  'benchmark(1000000, md5(1))',
  'pg_sleep(3)',
  'load_file("/etc/passwd")',
  '@@version',
  'name into outfile "/tmp/x"',
  'if(1=1, name, owner)',
  'case when 1=1 then name end',
  '`tabTest Customer`.`tax_id`',
  'tabUser.password',
  'name, (select 1)',
  'char(65)',
  '0x41',
  'no_such_column',
];

/** Where the payload goes, and how that position reports it. */
const POSITIONS: [string, (payload: string) => ListArgs][] = [
  ['fields', (payload) => ({ fields: [payload] })],
  ['filter field', (payload) => ({ filters: [[payload, '=', 'x']] })],
  ['order_by', (payload) => ({ order_by: payload })],
  ['group_by', (payload) => ({ fields: ['name'], group_by: payload })],
];

/** Comments and UNION are refused outright as "Illegal SQL Query", as Frappe does. */
const ILLEGAL = /union|\/\*|--|#/i;
/** In order/group by only a bare unknown column is a field error; everything else is refused as SQL. */
const ORDER_DATA_ERRORS = new Set([
  'benchmark(1000000, md5(1))',
  'name, (select 1)',
  'char(65)',
  '0x41',
  'no_such_column',
]);

function expected(position: string, payload: string): ExcType {
  if (position === 'filter field') return 'DataError';
  if (position === 'fields') return ILLEGAL.test(payload) ? 'ValidationError' : 'DataError';
  return ORDER_DATA_ERRORS.has(payload) ? 'DataError' : 'ValidationError';
}

function sqlCases(): HostileCase[] {
  return POSITIONS.flatMap(([position, args]) =>
    SQL_PAYLOADS.map((payload) => ({
      label: `getList Test Invoice ${position}: ${payload}`,
      excType: expected(position, payload),
      act: (ctx) => getList(ctx, 'Test Invoice', args(payload)),
    })),
  );
}

/** Other query-shaped hostility: bad operators, values and DocTypes, count and value lookups. */
const OTHER_QUERY_CASES: HostileCase[] = [
  {
    label: 'getList of a DocType that does not exist',
    excType: 'DoesNotExistError',
    act: (ctx) => getList(ctx, 'No Such DocType', {}),
  },
  {
    label: 'getList of a SQL DocType name',
    excType: 'DoesNotExistError',
    act: (ctx) => getList(ctx, 'Test Invoice`; drop table x', {}),
  },
  {
    label: 'getCount of a DocType that does not exist',
    excType: 'DoesNotExistError',
    act: (ctx) => getCount(ctx, 'Nope', {}),
  },
  {
    label: 'getValue with a SQL fieldname',
    excType: 'DataError',
    act: (ctx, b) => getValue(ctx, 'Test Invoice', b.draft, ['name; delete from tabUser']),
  },
  {
    label: 'getValue filter on an unknown field',
    excType: 'DataError',
    act: (ctx) => getValue(ctx, 'Test Invoice', { nope: 1 }, ['name']),
  },
  {
    label: 'getCount with SQL in a filter field',
    excType: 'DataError',
    act: (ctx) => getCount(ctx, 'Test Invoice', { filters: [['1=1 or name', '=', 'x']] }),
  },
  {
    label: 'filter operator with SQL',
    excType: 'ValidationError',
    act: (ctx) => getList(ctx, 'Test Invoice', { filters: [['name', '= name or', 'x']] }),
  },
  {
    label: 'filter operator unknown',
    excType: 'ValidationError',
    act: (ctx) => getList(ctx, 'Test Invoice', { filters: [['name', 'regexp', '.*']] }),
  },
  {
    label: 'or_filters with SQL field',
    excType: 'DataError',
    act: (ctx) => getList(ctx, 'Test Invoice', { or_filters: [["name' or 1=1 --", '=', 'x']] }),
  },
  {
    label: 'filter on a field of another DocType',
    excType: 'DataError',
    act: (ctx) =>
      getList(ctx, 'Test Invoice', { filters: [['Test Customer', 'tax_id', '=', 'T-1']] }),
  },
  {
    label: 'limit_page_length as SQL',
    excType: 'ValidationError',
    act: (ctx) => getList(ctx, 'Test Invoice', { limit_page_length: '1; drop table x' as never }),
  },
  {
    label: 'limit_start as SQL',
    excType: 'ValidationError',
    act: (ctx) => getList(ctx, 'Test Invoice', { limit_start: '0 union select 1' as never }),
  },
  {
    label: 'as Guest without read permission',
    excType: 'PermissionError',
    user: 'Guest',
    act: (ctx) => getList(ctx, 'Test Invoice', {}),
  },
];

export const QUERY_CASES: HostileCase[] = [...sqlCases(), ...OTHER_QUERY_CASES];
