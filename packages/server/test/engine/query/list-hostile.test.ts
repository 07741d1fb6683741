import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { KyselyPlugin } from 'kysely';
import { DataError, ValidationError, type FrappeError } from '../../../src/core/errors/index.js';
import type { Context } from '../../../src/engine/context.js';
import { getList, type ListArgs } from '../../../src/engine/query/index.js';
import { DIALECTS } from '../../helpers/dialects.js';
import { createQueryWorld, type QueryWorld } from './query-fixtures.js';

type ErrorClass = typeof DataError;

/** Hostile or malformed input → the error class and message start Frappe uses (spec §3.4, §4, §6.2). */
const HOSTILE: [string, ListArgs, ErrorClass, string][] = [
  [
    'unknown field (Q15)',
    { fields: ['no_such_field'] },
    DataError,
    'Field not permitted in query: no_such_field',
  ],
  [
    'unknown filter field (Q16)',
    { filters: [['no_such_field', '=', 'x']] },
    DataError,
    'Field not permitted in query',
  ],
  [
    'comma list in one element (Q17)',
    { fields: ['name, owner'] },
    DataError,
    'Use of sub-query or function',
  ],
  [
    'sub-query in fields',
    { fields: ['(select name from tabUser)'] },
    DataError,
    'Use of sub-query',
  ],
  ['select statement', { fields: ['select name from tabUser'] }, DataError, 'Use of sub-query'],
  ['from clause', { fields: ['name from tabUser'] }, DataError, 'Use of sub-query'],
  ['blocked function', { fields: ['version()'] }, DataError, 'Use of function version'],
  ['other function', { fields: ['upper(name)'] }, DataError, 'Use of function upper'],
  ['sleep in fields', { fields: ['sleep(5)'] }, DataError, 'Use of function sleep'],
  ['comment', { fields: ['name /* x */'] }, ValidationError, 'Illegal SQL Query'],
  ['line comment', { fields: ['name -- x'] }, ValidationError, 'Illegal SQL Query'],
  [
    'union',
    { fields: ['name union select password from tabUser'] },
    ValidationError,
    'Illegal SQL Query',
  ],
  ['semicolon', { fields: ['name; drop table tabQTask'] }, DataError, 'Use of sub-query'],
  ['quote', { fields: ["name'"] }, DataError, 'Use of sub-query'],
  ['server variable', { fields: ['@@version'] }, DataError, 'Use of sub-query'],
  ['sum(*)', { fields: ['sum(*)'] }, DataError, 'Field not permitted in query: *'],
  ['sum of text', { fields: ['sum(status)'] }, ValidationError, 'sum() needs a numeric field'],
  [
    'unrelated table',
    { fields: ['`tabUser`.`password`'] },
    DataError,
    'Field not permitted in query',
  ],
  [
    'table field as column',
    { fields: ['items'] },
    DataError,
    'Field not permitted in query: items',
  ],
  ['bad alias', { fields: ['name as "x"'] }, DataError, 'Use of sub-query'],
  ['huge element', { fields: ['a'.repeat(100_000)] }, DataError, 'Field not permitted in query'],
  [
    // v16's `{COUNT: 'name'}` is an aggregate now (query-extensions.test.ts); a nested list is not.
    'non-string element',
    { fields: [['name']] },
    DataError,
    'Field not permitted in query',
  ],
  [
    'object with a function that is no aggregate',
    { fields: [{ SLEEP: '5' }] },
    DataError,
    'Use of function sleep',
  ],
  ['malformed JSON fields', { fields: '["name"' }, ValidationError, 'Invalid JSON in fields'],
  ['malformed JSON filters (Q26)', { filters: '[[' }, ValidationError, 'Invalid JSON in filters'],
  [
    'unknown operator (Q14)',
    { filters: [['status', 'equals', 'Open']] },
    ValidationError,
    'Operator must be one of',
  ],
  [
    'operator with SQL',
    { filters: [['status', '= 1 or 1=1 --', 'Open']] },
    ValidationError,
    'Operator must be one of',
  ],
  [
    'SQL in a filter field',
    { filters: [['name = name or 1', '=', 'x']] },
    DataError,
    'Field not permitted in query',
  ],
  [
    'filter field sub-query',
    { filters: { '(select 1)': 'x' } },
    DataError,
    'Field not permitted in query',
  ],
  [
    'filter element not a list',
    { filters: [['status', '=', 'Open'], 'x'] },
    ValidationError,
    'Filter must be a tuple',
  ],
  ['short filter', { filters: [['status']] }, ValidationError, 'Filter must have 4 values'],
  [
    'filters of wrong type',
    { filters: 42 as unknown as string },
    ValidationError,
    'Filters must be a list',
  ],
  [
    'filter on unrelated DocType',
    { filters: [['User', 'name', '=', 'x']] },
    DataError,
    'Field not permitted in query',
  ],
  [
    'number from text',
    { filters: [['qty', '>', 'abc']] },
    ValidationError,
    'Invalid filter value for qty',
  ],
  [
    'bad date',
    { filters: [['date', '=', '2024-13-45']] },
    ValidationError,
    'Invalid filter value for date',
  ],
  [
    'object value',
    { filters: [['status', '=', { $ne: 1 }]] },
    ValidationError,
    'Invalid filter value',
  ],
  [
    'list for =',
    { filters: [['status', '=', ['a', 'b']]] },
    ValidationError,
    'Invalid filter value',
  ],
  [
    'is with other value',
    { filters: [['status', 'is', 'null; drop']] },
    ValidationError,
    'Value for operator "is"',
  ],
  [
    'between not a list',
    { filters: [['qty', 'between', '1 and 2']] },
    ValidationError,
    'Value for between',
  ],
  [
    'bad timespan',
    { filters: [['date', 'timespan', 'forever']] },
    ValidationError,
    'Invalid timespan',
  ],
  [
    'timespan on text',
    { filters: [['status', 'timespan', 'today']] },
    ValidationError,
    'Timespan filters need a date',
  ],
  [
    'tree operator on a plain field',
    { filters: [['status', 'descendants of', 'x']] },
    ValidationError,
    'Operator descendants of needs a field linking',
  ],
  [
    'order_by injection (Q18)',
    { order_by: 'name; drop table x' },
    ValidationError,
    'Illegal SQL Query',
  ],
  [
    'order_by sub-query (Q19)',
    { order_by: '(select name from tabUser)' },
    ValidationError,
    'Cannot use sub-query in order by',
  ],
  [
    'order_by sleep (Q20)',
    { order_by: 'sleep(5)' },
    ValidationError,
    'Cannot use sleep in order/group by',
  ],
  ['order_by count(*)', { order_by: 'count(*) desc' }, ValidationError, 'Illegal SQL Query'],
  ['order_by comparison', { order_by: 'name=1' }, ValidationError, 'Illegal SQL Query'],
  ['order_by comment', { order_by: 'name -- x' }, ValidationError, 'Illegal SQL Query'],
  [
    'order_by unknown table',
    { order_by: '`tabUser`.name' },
    ValidationError,
    'Please select atleast 1 column from User',
  ],
  ['order_by unknown field', { order_by: 'nope desc' }, DataError, 'Field not permitted in query'],
  [
    'order_by bad direction',
    { order_by: 'name sideways' },
    DataError,
    'Field not permitted in query',
  ],
  ['order_by function', { order_by: 'upper(name)' }, DataError, 'Use of function upper'],
  [
    'group_by injection',
    { group_by: 'status; delete from tabQTask' },
    ValidationError,
    'Illegal SQL Query',
  ],
  [
    'group_by sub-query',
    { group_by: 'status, (select 1 from x)' },
    ValidationError,
    'Cannot use sub-query',
  ],
  ['group_by unknown field', { group_by: 'nope' }, DataError, 'Field not permitted in query'],
  ['negative limit', { limit_page_length: -1 }, ValidationError, 'limit_page_length must be'],
  ['text limit', { limit_start: '1; drop' }, ValidationError, 'limit_start must be'],
  [
    'order_by of wrong type',
    { order_by: 5 as unknown as string },
    ValidationError,
    'order_by must be a string',
  ],
];

/** A plugin that counts queries, to prove rejected input never reaches the database. */
function countingContext(ctx: Context): { ctx: Context; count: () => number } {
  let queries = 0;
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      queries += 1;
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  const uow = { ...ctx.uow, db: ctx.uow.db.withPlugin(plugin) };
  return { ctx: { ...ctx, uow }, count: () => queries };
}

for (const dialect of DIALECTS) {
  describe(`getList hostile input (${dialect})`, () => {
    let world: QueryWorld;
    before(async () => {
      world = await createQueryWorld(dialect);
    });
    after(() => world.drop());

    for (const [name, args, errorClass, message] of HOSTILE) {
      test(name, async () => {
        await world.as('Administrator', [], async (base) => {
          const { ctx, count } = countingContext(base);
          await assert.rejects(getList(ctx, 'QTask', args), (error: unknown) => {
            assert.ok(error instanceof errorClass, `${name}: got ${String(error)}`);
            assert.ok(
              (error as FrappeError).message.startsWith(message),
              (error as FrappeError).message,
            );
            assert.equal((error as FrappeError).status, 417);
            return true;
          });
          assert.equal(count(), 0, 'no SQL ran');
        });
      });
    }

    test('the table survives', async () => {
      const rows = await world.as('Administrator', [], (ctx) =>
        getList(ctx, 'QTask', { limit_page_length: 0 }),
      );
      assert.equal(rows.length, 50);
    });
  });
}
