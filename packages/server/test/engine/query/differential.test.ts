import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { getCount, getList } from '../../../src/engine/query/index.js';
import { DIALECTS } from '../../helpers/dialects.js';
import { byKey, createComparer, outcome, PATTERNS, text } from './differential-compare.js';
import { createQueryWorld, type QueryWorld } from './query-fixtures.js';

/*
 * Differential testing of the query language: the same generated list
 * query runs on every database holding the same rows (the fixed QTask
 * dataset plus generated rows with unicode, extreme numbers, NULLs and
 * dates) and must give the same rows in the same order, or the same
 * error. Text is compared in order only where every database sorts alike
 * (see docs/query-language.md, "Sorting text"); the generator sorts text
 * columns only together with a tie-breaking `name`.
 * `CORTADO_DIFF_RUNS` widens a run; `CORTADO_DIFF_SEED` replays one. It runs in
 * every suite; with one dialect it only checks that no query is a database error.
 */

const RUNS = Number(process.env['CORTADO_DIFF_RUNS'] ?? 200);
const SEED = Number(process.env['CORTADO_DIFF_SEED'] ?? 7);

const generatedRow = fc.record({
  description: fc.option(text, { nil: null }),
  status: fc.constantFrom('Open', 'Closed', 'Cancelled'),
  priority: fc.option(fc.constantFrom('Low', 'Medium', 'High'), { nil: null }),
  date: fc.option(
    fc
      .date({ min: new Date('1970-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10)),
    { nil: null },
  ),
  qty: fc.oneof(fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }), fc.constantFrom(0, -1, 1)),
  amount: fc.integer({ min: -1e9, max: 1e9 }).map((n) => n / 100),
  done: fc.constantFrom(0, 1),
  group: fc.constantFrom(null, 'India', 'Japan', 'Europe', 'Asia'),
});

const COLUMNS = [
  'name',
  'description',
  'status',
  'priority',
  'date',
  'qty',
  'amount',
  'done',
  'group',
];
/** Columns every database orders alike (numbers, dates, and the ASCII names). */
const ORDERABLE = ['name', 'date', 'qty', 'amount', 'done', 'creation', 'modified'];

/*
 * Where the databases' collations differ the generator stays out, and
 * docs/query-language.md ("Databases differ") says so: text equality and
 * ranges are case- and accent-insensitive on MariaDB only, and `like` is
 * case-insensitive beyond ASCII on PostgreSQL and MariaDB only. So text is
 * compared with exact-case values, ranges run on numbers and dates, and
 * `like` patterns are ASCII letters without accented relatives in the data.
 */
const NUMBERS_AND_DATES = ['qty', 'amount', 'done', 'date'];
const EXACT_TEXT = ['status', 'priority', 'group', 'name'];

const numberOrDate = fc.oneof(
  fc.integer({ min: -100, max: 100 }),
  fc.constantFrom(
    '2024-01-15',
    '2024-02-01',
    '1999-12-31',
    '',
    null,
    10.5,
    'set',
    'not set',
    'abc',
  ),
  fc.array(fc.constantFrom(5, 10, 0, '', '2024-01-15'), { maxLength: 3 }),
  fc.tuple(fc.constantFrom('2024-01-01', 5, -3), fc.constantFrom('2024-01-31', 50, 2_000_000_000)),
);
const exactWord = fc.constantFrom(
  'Open',
  'Closed',
  'High',
  'Low',
  'India',
  'Asia',
  'Europe',
  'T01',
  'G001',
  '',
  null,
  'set',
  'not set',
);
const pattern = fc.constantFrom(...PATTERNS, 'G0%');

const condition = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.tuple(
      fc.constantFrom(...NUMBERS_AND_DATES),
      fc.constantFrom('=', '!=', '>', '<', '>=', '<=', 'in', 'not in', 'is', 'between'),
      numberOrDate,
    ),
  },
  {
    weight: 3,
    arbitrary: fc.tuple(
      fc.constantFrom(...EXACT_TEXT),
      fc.constantFrom('=', '!=', 'in', 'not in', 'is'),
      fc.oneof(exactWord, fc.array(exactWord, { maxLength: 3 })),
    ),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(
      fc.constantFrom('description', ...EXACT_TEXT, 'date', 'qty'),
      fc.constantFrom('like', 'not like'),
      pattern,
    ),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(
      fc.constant('description'),
      fc.constant('is'),
      fc.constantFrom('set', 'not set'),
    ),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(
      fc.constant('group'),
      fc.constantFrom(
        'descendants of',
        'ancestors of',
        'not descendants of',
        'descendants of (inclusive)',
      ),
      fc.constantFrom('Asia', 'All', 'India', 'Nowhere'),
    ),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(
      fc.constant('QTask Item'),
      fc.constantFrom('item_code', 'qty'),
      fc.constantFrom('=', 'like', 'is'),
      fc.oneof(exactWord, pattern),
    ),
  },
);

const order = fc
  .array(fc.tuple(fc.constantFrom(...ORDERABLE), fc.constantFrom('asc', 'desc')), {
    minLength: 1,
    maxLength: 2,
  })
  .map((items) => items.map(([column, direction]) => `${column} ${direction}`).join(', '));

const listQuery = fc.record({
  fields: fc
    .subarray(COLUMNS, { minLength: 1 })
    .map((fields) => ['name', ...fields.filter((f) => f !== 'name')]),
  filters: fc.array(condition, { maxLength: 3 }),
  or_filters: fc.array(condition, { maxLength: 2 }),
  order_by: order,
  limit_start: fc.constantFrom(0, 0, 3),
  limit_page_length: fc.constantFrom(0, 5, 20),
});

const groupQuery = fc.record({
  group: fc.constantFrom('status', 'priority', 'done', 'group', 'date'),
  fn: fc.constantFrom(
    'count(name)',
    'sum(qty)',
    'min(amount)',
    'max(date)',
    'count(distinct status)',
  ),
  filters: fc.array(condition, { maxLength: 2 }),
});

describe(`the query language gives the same answer on ${DIALECTS.join(', ')}`, () => {
  const worlds: QueryWorld[] = [];
  const comparer = createComparer();
  before(async () => {
    const extra =
      fc.sample(fc.array(generatedRow, { minLength: 40, maxLength: 40 }), {
        numRuns: 1,
        seed: SEED,
      })[0] ?? [];
    for (const dialect of DIALECTS) {
      const world = await createQueryWorld(dialect);
      await world.db.kysely
        .insertInto('tabQTask')
        .values(
          extra.map((row, i) => ({
            ...row,
            name: `G${String(i).padStart(3, '0')}`,
            owner: 'a@x.com',
            creation: '2024-05-01 00:00:00',
            modified: `2024-05-01 00:${String(i).padStart(2, '0')}:00`,
            modified_by: 'a@x.com',
            docstatus: 0,
            idx: 0,
            secret: 's',
          })),
        )
        .execute();
      worlds.push(world);
    }
  });
  after(async () => {
    console.log(
      `differential: ${RUNS} list + ${RUNS / 2} group + ${RUNS / 2} count queries, ${comparer.disagreements} disagreements`,
    );
    for (const world of worlds) await world.drop();
  });

  const everywhere = (fn: (world: QueryWorld) => Promise<unknown>) =>
    Promise.all(worlds.map((world) => outcome(() => fn(world))));

  it('lists: same rows in the same order', async () => {
    await fc.assert(
      fc.asyncProperty(listQuery, async (query) => {
        const outcomes = await everywhere((w) =>
          w.as('Administrator', [], (ctx) => getList(ctx, 'QTask', query)),
        );
        comparer.compare(JSON.stringify(query), outcomes);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  });

  it('groups and aggregates: same groups and values', async () => {
    await fc.assert(
      fc.asyncProperty(groupQuery, async ({ group, fn, filters }) => {
        const query = { fields: [group, fn], group_by: group, filters, limit_page_length: 0 };
        const outcomes = await everywhere((w) =>
          w.as('Administrator', [], (ctx) => getList(ctx, 'QTask', query)),
        );
        comparer.compare(JSON.stringify(query), outcomes, byKey);
      }),
      { numRuns: RUNS / 2, seed: SEED, endOnFailure: true },
    );
  });

  it('counts: same numbers', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(condition, { maxLength: 3 }),
        fc.array(condition, { maxLength: 2 }),
        async (filters, or_filters) => {
          const outcomes = await everywhere((w) =>
            w.as('Administrator', [], (ctx) => getCount(ctx, 'QTask', { filters, or_filters })),
          );
          comparer.compare(JSON.stringify({ filters, or_filters }), outcomes);
        },
      ),
      { numRuns: RUNS / 2, seed: SEED, endOnFailure: true },
    );
  });
});
