import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PermissionError } from '../../../src/core/errors/index.js';
import type { Context } from '../../../src/engine/context.js';
import {
  getAll,
  getCount,
  getList,
  getValue,
  type ListArgs,
} from '../../../src/engine/query/index.js';
import { DIALECTS } from '../../helpers/dialects.js';
import { createQueryWorld, ITEMS, ROWS, type QueryWorld } from './query-fixtures.js';

/** Names by default order: `modified desc` (row i has modified second i), then name. */
const BY_MODIFIED_DESC = [...ROWS].reverse().map((row) => row.name);

for (const dialect of DIALECTS) {
  describe(`getList fields, order, paging (${dialect})`, () => {
    let world: QueryWorld;
    const admin = <T>(fn: (ctx: Context) => Promise<T>) => world.as('Administrator', [], fn);
    const list = (args: ListArgs) => admin((ctx) => getList(ctx, 'QTask', args));
    before(async () => {
      world = await createQueryWorld(dialect);
    });
    after(() => world.drop());

    test('default: 20 rows of {name} in modified desc order (Q1)', async () => {
      assert.deepEqual(
        await list({}),
        BY_MODIFIED_DESC.slice(0, 20).map((name) => ({ name })),
      );
    });

    test('paging: 0 means all, limit alias, start (Q2–Q4)', async () => {
      assert.equal((await list({ limit_page_length: 0 })).length, 50);
      assert.equal((await list({ limit_page_length: '0' })).length, 50);
      assert.equal((await list({ limit: 5 })).length, 5);
      assert.equal((await list({ limit: 5, limit_page_length: 2 })).length, 2);
      assert.equal((await list({ page_length: 7 })).length, 7);
      assert.deepEqual(await list({ limit_start: 45, pluck: 'name' }), BY_MODIFIED_DESC.slice(45));
      assert.deepEqual(
        await list({ limit_start: 48, limit_page_length: 0, pluck: 'name' }),
        BY_MODIFIED_DESC.slice(48),
      );
    });

    test('values come back in wire format (Q5)', async () => {
      const [row] = await list({
        fields: ['name', 'date', 'qty', 'amount', 'done', 'creation', 'priority'],
        filters: { name: 'T05' },
      });
      assert.deepEqual(row, {
        name: 'T05',
        date: '2024-01-05',
        qty: 5,
        amount: 52.5,
        done: 1,
        creation: '2024-03-06 10:00:00',
        priority: null,
      });
    });

    test('aliases, backquoted names, as_list (Q24)', async () => {
      const rows = await list({
        fields: ['`tabQTask`.`name` as id', 'status as state', 'qty'],
        filters: { name: 'T03' },
      });
      assert.deepEqual(rows, [{ id: 'T03', state: 'Open', qty: 3 }]);
      assert.deepEqual(
        await list({ fields: ['name', 'status'], filters: { name: 'T03' }, as_list: 1 }),
        [['T03', 'Open']],
      );
    });

    test('* returns every column the user may read', async () => {
      const [row] = (await list({ fields: ['*'], filters: { name: 'T01' } })) as Record<
        string,
        unknown
      >[];
      for (const key of [
        'name',
        'owner',
        'creation',
        'modified',
        'docstatus',
        'status',
        'secret',
        'group',
      ])
        assert.ok(key in (row ?? {}), key);
      assert.ok(!('items' in (row ?? {})));
    });

    test('aggregates with group_by (Q21)', async () => {
      const rows = await list({
        fields: ['status', 'count(name) as count', 'sum(qty) as total'],
        group_by: 'status',
        order_by: 'status asc',
      });
      const expected = ['Cancelled', 'Closed', 'Open'].map((status) => {
        const group = ROWS.filter((row) => row.status === status);
        return { status, count: group.length, total: group.reduce((sum, row) => sum + row.qty, 0) };
      });
      assert.deepEqual(rows, expected);
    });

    test('aggregates without group_by, count(*) and count(distinct)', async () => {
      const rows = await list({
        fields: [
          'count(*) as n',
          'avg(qty) as mean',
          'min(date) as first',
          'max(amount)',
          'count(distinct status) as s',
        ],
      });
      assert.deepEqual(rows, [
        { n: 50, mean: 25.5, first: '2024-01-01', 'max(amount)': 525, s: 3 },
      ]);
    });

    test('order_by by an aggregate alias and by a column list (Q33)', async () => {
      const byCount = await list({
        fields: ['priority', 'count(name) as n'],
        group_by: 'priority',
        order_by: 'n desc, priority asc',
      });
      assert.deepEqual(byCount[0], {
        priority: 'High',
        n: ROWS.filter((row) => row.priority === 'High').length,
      });
      const sorted = (await list({
        fields: ['name', 'priority'],
        order_by: 'priority asc, name desc',
        limit_page_length: 0,
        filters: [['priority', 'is', 'set']],
      })) as { name: string; priority: string }[];
      const expected = ROWS.filter((row) => row.priority !== null).sort((a, b) =>
        a.priority! < b.priority!
          ? -1
          : a.priority! > b.priority!
            ? 1
            : b.name.localeCompare(a.name),
      );
      assert.deepEqual(
        sorted.map((row) => row.name),
        expected.map((row) => row.name),
      );
    });

    test('child-table fields give one row per child row (Q22)', async () => {
      const rows = await list({
        fields: ['name', 'items.item_code', '`tabQTask Item`.qty as item_qty'],
        filters: [['QTask Item', 'item_code', '=', 'SPECIAL']],
        order_by: 'name asc',
      });
      assert.deepEqual(
        rows,
        ['T03', 'T06', 'T09'].map((name, i) => ({
          name,
          item_code: 'SPECIAL',
          item_qty: (i + 1) * 3,
        })),
      );
      const joined = await list({
        fields: ['name', 'items.item_code'],
        filters: { name: ['in', ['T01', 'T11']] },
        order_by: 'name asc, items.item_code asc',
        limit_page_length: 0,
      });
      assert.deepEqual(joined, [
        { name: 'T01', item_code: 'I1-a' },
        { name: 'T01', item_code: 'I1-b' },
        { name: 'T11', item_code: null },
      ]);
    });

    test('link-field columns join the linked record', async () => {
      const rows = await list({
        fields: ['name', 'group.lft as group_lft'],
        filters: { name: ['in', ['T01', 'T04']] },
        order_by: 'name asc',
      });
      assert.deepEqual(rows, [
        { name: 'T01', group_lft: 3 },
        { name: 'T04', group_lft: null },
      ]);
    });

    test('distinct and pluck', async () => {
      const statuses = (await list({
        fields: ['status'],
        distinct: true,
        pluck: 'status',
        limit_page_length: 0,
      })) as string[];
      assert.deepEqual(statuses.sort(), ['Cancelled', 'Closed', 'Open']);
      assert.deepEqual(await list({ pluck: 'name', limit: 3 }), BY_MODIFIED_DESC.slice(0, 3));
    });

    test('getCount with filters, or_filters, distinct and group_by (Q27)', async () => {
      const count = (args: Parameters<typeof getCount>[2]) =>
        admin((ctx) => getCount(ctx, 'QTask', args));
      assert.equal(await count({}), 50);
      assert.equal(
        await count({ filters: { status: 'Open' } }),
        ROWS.filter((row) => row.status === 'Open').length,
      );
      assert.equal(
        await count({ filters: '[["qty", "<", 10]]', or_filters: { status: 'Open', done: 1 } }),
        ROWS.filter((r) => r.qty < 10 && (r.status === 'Open' || r.done === 1)).length,
      );
      assert.equal(
        await count({ filters: [['QTask Item', 'item_code', 'like', 'I%']] }),
        ITEMS.filter((i) => i.item_code.startsWith('I')).length,
      );
      assert.equal(
        await count({ filters: [['QTask Item', 'item_code', 'like', 'I%']], distinct: true }),
        10,
      );
      assert.equal(await count({ group_by: 'status' }), 3);
    });

    test('getValue (Q28)', async () => {
      const value = (...args: [unknown, string | string[], boolean?]) =>
        admin((ctx) => getValue(ctx, 'QTask', ...args));
      assert.deepEqual(await value('T07', ['status', 'priority']), {
        status: 'Closed',
        priority: 'High',
      });
      assert.deepEqual(await value('nope', ['status']), {});
      assert.equal(await value({ status: 'Open' }, 'name', false), 'T48');
      assert.deepEqual(await value('{"name": "T02"}', '["qty", "done"]', false), [2, 0]);
      assert.equal(await value('nope', 'name', false), undefined);
    });

    test('getAll ignores permissions and the page limit', async () => {
      const rows = await world.as('nobody@x.com', [], (ctx) =>
        getAll(ctx, 'QTask', { pluck: 'name' }),
      );
      assert.equal(rows.length, 50);
    });

    test('permissions: no role → PermissionError (Q30); level-1 fields trimmed', async () => {
      await assert.rejects(
        world.as('Guest', [], (ctx) => getList(ctx, 'QTask', {})),
        PermissionError,
      );
      const tasker = (args: ListArgs) =>
        world.as('t@x.com', ['Tasker'], (ctx) => getList(ctx, 'QTask', args));
      assert.deepEqual(await tasker({ fields: ['name', 'secret'], filters: { name: 'T01' } }), [
        { name: 'T01' },
      ]);
      assert.deepEqual(
        await tasker({ fields: ['name', 'secret'], filters: { name: 'T01' }, as_list: true }),
        [['T01', null]],
      );
      assert.deepEqual(await tasker({ fields: ['secret'], filters: { name: 'T01' } }), []);
      const [star] = (await tasker({ fields: ['*'], filters: { name: 'T01' } })) as Record<
        string,
        unknown
      >[];
      assert.ok(star !== undefined && !('secret' in star) && 'status' in star);
      const boss = await world.as('b@x.com', ['Boss'], (ctx) =>
        getList(ctx, 'QTask', { fields: ['secret'], filters: { name: 'T01' } }),
      );
      assert.deepEqual(boss, [{ secret: 's1' }]);
    });

    test('child-table lists need parent (Q23)', async () => {
      const tasker = (args: ListArgs) =>
        world.as('t@x.com', ['Tasker'], (ctx) => getList(ctx, 'QTask Item', args));
      await assert.rejects(tasker({ fields: ['item_code'] }), PermissionError);
      const rows = await tasker({ fields: ['item_code'], parent: 'QTask', limit_page_length: 0 });
      assert.equal(rows.length, ITEMS.length);
    });

    test('link columns need read permission on the linked DocType', async () => {
      const noGroup = world.as('b@x.com', ['Boss'], (ctx) =>
        getList(ctx, 'QTask', { fields: ['group.lft'] }),
      );
      await assert.rejects(noGroup, PermissionError);
    });
  });
}
