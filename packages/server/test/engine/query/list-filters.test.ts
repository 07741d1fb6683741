import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { getList } from '../../../src/engine/query/index.js';
import { timespanRange } from '../../../src/engine/query/timespan.js';
import { DIALECTS } from '../../helpers/dialects.js';
import {
  createQueryWorld,
  ITEMS,
  namesWhere,
  type QueryWorld,
  type TaskRow,
} from './query-fixtures.js';

interface FilterCase {
  readonly name: string;
  readonly filters?: unknown;
  readonly or_filters?: unknown;
  readonly expect: (row: TaskRow) => boolean;
}

const within = (value: string | null, [from, to]: [string, string]) =>
  value !== null && value >= from && value <= to;
const hasItem = (row: TaskRow, code: string) =>
  ITEMS.some((item) => item.parent === row.name && item.item_code === code);

/** Every operator of docs/spec/query-language.md §4.4 with Frappe's v15 NULL semantics. */
const CASES: FilterCase[] = [
  { name: '= text', filters: [['status', '=', 'Open']], expect: (r) => r.status === 'Open' },
  {
    name: '= "" matches NULL and empty',
    filters: [['priority', '=', '']],
    expect: (r) => r.priority === null,
  },
  {
    name: '= null matches NULL',
    filters: [['priority', '=', null]],
    expect: (r) => r.priority === null,
  },
  {
    name: '!= includes NULL rows (Q8)',
    filters: [['QTask', 'priority', '!=', 'High']],
    expect: (r) => r.priority !== 'High',
  },
  {
    name: '!= "" excludes NULL',
    filters: [['priority', '!=', '']],
    expect: (r) => r.priority !== null,
  },
  { name: '> number', filters: [['qty', '>', 45]], expect: (r) => r.qty > 45 },
  { name: '< numeric string', filters: [['qty', '<', '5']], expect: (r) => r.qty < 5 },
  { name: '>= decimal', filters: [['amount', '>=', 500]], expect: (r) => r.amount >= 500 },
  { name: '<= number', filters: [['qty', '<=', 3]], expect: (r) => r.qty <= 3 },
  { name: '= check with true', filters: { done: true }, expect: (r) => r.done === 1 },
  {
    name: '< date includes NULL dates',
    filters: [['date', '<', '2024-01-05']],
    expect: (r) => r.date === null || r.date < '2024-01-05',
  },
  {
    name: '> date never NULL',
    filters: [['date', '>', '2024-02-10']],
    expect: (r) => r.date !== null && r.date > '2024-02-10',
  },
  {
    name: '> modified (Q32)',
    filters: [['modified', '>', '2024-04-01 00:00:40']],
    expect: (r) => r.qty > 40,
  },
  {
    name: 'like, any case (Q9)',
    filters: [['description', 'like', '%urgent%']],
    expect: (r) => /urgent/i.test(r.description ?? ''),
  },
  {
    name: 'like without wildcards is equality',
    filters: [['status', 'like', 'open']],
    expect: (r) => r.status === 'Open',
  },
  {
    name: 'not like counts NULL as empty',
    filters: [['description', 'not like', '%task%']],
    expect: (r) => !(r.description ?? '').includes('task'),
  },
  {
    name: 'like on a number',
    filters: [['qty', 'like', '1%']],
    expect: (r) => String(r.qty).startsWith('1'),
  },
  {
    name: 'in list (Q6)',
    filters: { status: ['in', ['Open', 'Closed']] },
    expect: (r) => r.status !== 'Cancelled',
  },
  {
    name: 'in comma string',
    filters: [['status', 'in', 'Open, Closed']],
    expect: (r) => r.status !== 'Cancelled',
  },
  {
    name: 'in numbers as strings',
    filters: [['qty', 'in', ['1', '2']]],
    expect: (r) => r.qty <= 2,
  },
  {
    name: 'in [] matches empty (Q13)',
    filters: [['priority', 'in', []]],
    expect: (r) => r.priority === null,
  },
  {
    name: 'in with "" includes NULL',
    filters: [['priority', 'in', ['Low', '']]],
    expect: (r) => r.priority === 'Low' || r.priority === null,
  },
  {
    name: 'not in includes NULL',
    filters: [['priority', 'not in', ['High']]],
    expect: (r) => r.priority !== 'High',
  },
  {
    name: 'not in with "" excludes NULL',
    filters: [['priority', 'not in', ['High', '']]],
    expect: (r) => r.priority !== 'High' && r.priority !== null,
  },
  { name: 'is set (Q12)', filters: [['group', 'is', 'set']], expect: (r) => r.group !== null },
  {
    name: 'is not set (Q12)',
    filters: [['group', 'is', 'not set']],
    expect: (r) => r.group === null,
  },
  {
    name: 'is SET, any case',
    filters: [['description', 'IS', 'SET']],
    expect: (r) => r.description !== null,
  },
  {
    name: 'between dates (Q10)',
    filters: [['date', 'between', ['2024-01-01', '2024-01-31']]],
    expect: (r) => within(r.date, ['2024-01-01', '2024-01-31']),
  },
  {
    name: 'between one day of creation (Q11)',
    filters: [['creation', 'between', ['2024-03-05', '2024-03-05']]],
    expect: (r) => r.creation.startsWith('2024-03-05'),
  },
  {
    name: 'between numbers (docs/spec/DECISIONS.md)',
    filters: [['qty', 'between', [10, 20]]],
    expect: (r) => r.qty >= 10 && r.qty <= 20,
  },
  {
    name: 'between decimals',
    filters: [['amount', 'between', ['100', 200]]],
    expect: (r) => r.amount >= 100 && r.amount <= 200,
  },
  {
    name: 'between text',
    filters: [['name', 'between', ['T10', 'T19']]],
    expect: (r) => r.name >= 'T10' && r.name <= 'T19',
  },
  {
    name: 'timespan',
    filters: [['date', 'timespan', 'last year']],
    expect: (r) => within(r.date, timespanRange('last year', new Date())),
  },
  {
    name: 'previous',
    filters: [['creation', 'previous', '1 year']],
    expect: (r) => within(r.creation.slice(0, 10), timespanRange('last year', new Date())),
  },
  {
    name: 'next',
    filters: [['date', 'next', '6 months']],
    expect: (r) => within(r.date, timespanRange('next 6 months', new Date())),
  },
  {
    name: 'descendants of',
    filters: [['group', 'descendants of', 'Asia']],
    expect: (r) => r.group === 'India' || r.group === 'Japan',
  },
  {
    name: 'descendants of (inclusive)',
    filters: [['group', 'descendants of (inclusive)', 'All']],
    expect: (r) => r.group !== null,
  },
  {
    name: 'not descendants of includes NULL',
    filters: [['group', 'not descendants of', 'Asia']],
    expect: (r) => r.group !== 'India' && r.group !== 'Japan',
  },
  { name: 'ancestors of', filters: [['group', 'ancestors of', 'India']], expect: () => false },
  {
    name: 'not ancestors of',
    filters: [['group', 'not ancestors of', 'India']],
    expect: () => true,
  },
  {
    name: 'descendants of unknown node',
    filters: [['group', 'descendants of', 'Nowhere']],
    expect: (r) => r.group === null,
  },
  {
    name: 'dict of equalities (Q7)',
    filters: { status: 'Open', priority: 'High' },
    expect: (r) => r.status === 'Open' && r.priority === 'High',
  },
  {
    name: 'child table quadruple',
    filters: [['QTask Item', 'item_code', '=', 'SPECIAL']],
    expect: (r) => hasItem(r, 'SPECIAL'),
  },
  {
    name: 'child table dot notation',
    filters: [['items.item_code', 'like', 'I1-%']],
    expect: (r) => hasItem(r, 'I1-a'),
  },
  {
    name: 'or_filters AND-ed with filters (Q25)',
    filters: [['owner', '=', 'a@x.com']],
    or_filters: [
      ['status', '=', 'Open'],
      ['priority', '=', 'High'],
    ],
    expect: (r) => r.owner === 'a@x.com' && (r.status === 'Open' || r.priority === 'High'),
  },
  {
    name: 'or_filters as dict',
    or_filters: { status: 'Open', qty: ['<', 3] },
    expect: (r) => r.status === 'Open' || r.qty < 3,
  },
  {
    name: 'two-item filter (v16)',
    filters: [['status', 'Closed']],
    expect: (r) => r.status === 'Closed',
  },
  {
    name: 'list of names (v16)',
    filters: ['T01', 'T02'],
    expect: (r) => r.name === 'T01' || r.name === 'T02',
  },
  { name: 'bare triple', filters: ['status', '=', 'Open'], expect: (r) => r.status === 'Open' },
  {
    name: 'operator case and spacing',
    filters: [['priority', 'Not  In', ['Low']]],
    expect: (r) => r.priority !== 'Low',
  },
  {
    name: 'empty operator means =',
    filters: [['status', '', 'Open']],
    expect: (r) => r.status === 'Open',
  },
  {
    name: 'JSON string',
    filters: '{"status": ["!=", "Open"]}',
    expect: (r) => r.status !== 'Open',
  },
  {
    name: 'mixed list with a dict',
    filters: [['qty', '<', 10], { status: 'Open' }],
    expect: (r) => r.qty < 10 && r.status === 'Open',
  },
  { name: 'empty filters', filters: [], expect: () => true },
];

for (const dialect of DIALECTS) {
  describe(`getList filters (${dialect})`, () => {
    let world: QueryWorld;
    before(async () => {
      world = await createQueryWorld(dialect);
    });
    after(() => world.drop());

    for (const c of CASES) {
      test(c.name, async () => {
        const args = {
          filters: c.filters,
          or_filters: c.or_filters,
          pluck: 'name',
          limit_page_length: 0,
        };
        const names = (await world.as('Administrator', [], (ctx) =>
          getList(ctx, 'QTask', args),
        )) as string[];
        assert.deepEqual([...new Set(names)].sort(), namesWhere(c.expect));
      });
    }
  });
}
