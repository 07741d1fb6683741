import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import {
  DuplicateEntryError,
  type FrappeError,
  MandatoryError,
  QueryDeadlockError,
  UniqueValidationError,
  ValidationError,
} from '../../src/core/errors/index.js';
import type { ColumnType, Database, TableSpec } from '../../src/platform/db/database.js';
import {
  getSeriesCurrent,
  nextSeriesValue,
  setSeriesCurrent,
} from '../../src/platform/db/series.js';
import { syncTable } from '../../src/platform/db/sync-table.js';
import { ensureSystemTables } from '../../src/platform/db/system-tables.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/dialects.js';
import { nodeArgs, siblingModule } from '../helpers/source-tree.js';

const ITEM: TableSpec = {
  name: 'tabContract Item',
  columns: [
    { name: 'name', type: 'varchar', primaryKey: true },
    { name: 'item_name', type: 'varchar', length: 200 },
    { name: 'docstatus', type: 'smallint', notNull: true, defaultValue: 0 },
  ],
  indexes: [],
};

const ITEM_V2: TableSpec = {
  ...ITEM,
  columns: [
    ...ITEM.columns,
    { name: 'qty', type: 'decimal', notNull: true, defaultValue: 0 },
    { name: 'status', type: 'varchar', defaultValue: "Draft's" },
    { name: 'modified', type: 'datetime' },
  ],
  indexes: [{ name: 'status_modified', columns: ['status', 'modified'] }],
};

/** One column per abstract type, with a value and what each dialect must hand back. */
const VALUES: ReadonlyArray<readonly [ColumnType, unknown, unknown?]> = [
  ['varchar', 'Café ☕'],
  ['text', 'line one\nline two'],
  ['longtext', 'x'.repeat(70_000)],
  ['int', 2_147_483_647],
  ['bigint', 9_007_199_254_740_991],
  ['smallint', 1],
  ['decimal', 1234.5],
  ['float', 0.25],
  ['date', '2024-03-05'],
  ['datetime', '2024-03-05 14:07:09.123456'],
  ['time', '09:05:00'],
  ['json', '{"a":1,"b":[true,null]}'],
];

const ALL_TYPES: TableSpec = {
  name: 'tabAll Types',
  columns: [
    { name: 'name', type: 'varchar', primaryKey: true },
    ...VALUES.map(([type]) => ({ name: `c_${type}`, type })),
  ],
  indexes: [],
};

const UNIQUE: TableSpec = {
  name: 'tabUnique Probe',
  columns: [
    { name: 'name', type: 'varchar', primaryKey: true },
    { name: 'code', type: 'varchar' },
    { name: 'title', type: 'varchar', notNull: true },
  ],
  indexes: [{ name: 'code', columns: ['code'], unique: true }],
};

const PROBE: TableSpec = {
  name: 'tabSeries Probe',
  columns: [
    { name: 'name', type: 'varchar', primaryKey: true },
    { name: 'value', type: 'bigint', notNull: true },
  ],
  indexes: [],
};

const WORKER = siblingModule('./series-worker.ts', import.meta.url);

function count(db: Database | Kysely<any>, table: string): Promise<number> {
  const kysely = 'kysely' in db ? db.kysely : db;
  return kysely
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow()
    .then((row) => row.n as number);
}

async function rejectsWith(
  promise: Promise<unknown>,
  type: new (...args: any[]) => FrappeError,
  text?: string,
) {
  const error = await promise.then(
    () => assert.fail(`expected ${type.name}`),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof type, `expected ${type.name}, got ${String(error)}`);
  if (text !== undefined) assert.match(error.message, new RegExp(text));
  return error;
}

function runWorker(t: TestDatabase, count: number): Promise<void> {
  const input = JSON.stringify({
    config: t.config,
    sitePath: t.sitePath,
    count,
    key: 'P-',
    table: PROBE.name,
  });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, nodeArgs(WORKER), {
      env: { ...process.env, CORTADO_SERIES_WORKER: input },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`series worker exited with ${code}`)),
    );
  });
}

for (const type of DIALECTS) {
  describe(`dialect contract: ${type}`, () => {
    let t: TestDatabase;
    let db: Database;

    before(async () => {
      t = await createTestDatabase(type);
      db = t.db;
      await ensureSystemTables(db);
    });
    after(async () => {
      await t?.drop();
    });

    describe('syncTable', () => {
      it('creates a table whose name has a space, then is idempotent', async () => {
        assert.deepEqual(await syncTable(db, ITEM), {
          created: true,
          addedColumns: [],
          addedIndexes: [],
          typeDifferences: [],
        });
        assert.deepEqual(await syncTable(db, ITEM), {
          created: false,
          addedColumns: [],
          addedIndexes: [],
          typeDifferences: [],
        });
      });

      it('adds columns and indexes and keeps existing rows', async () => {
        await db.kysely
          .insertInto(ITEM.name)
          .values({ name: 'ITEM-1', item_name: 'Kept' })
          .execute();
        const result = await syncTable(db, ITEM_V2);
        assert.deepEqual(result.addedColumns, ['qty', 'status', 'modified']);
        assert.deepEqual(result.addedIndexes, ['status_modified']);
        assert.deepEqual(result.typeDifferences, []);
        const row = await db.kysely.selectFrom(ITEM_V2.name).selectAll().executeTakeFirstOrThrow();
        assert.deepEqual(row, {
          name: 'ITEM-1',
          item_name: 'Kept',
          docstatus: 0,
          qty: 0,
          status: "Draft's",
          modified: null,
        });
        assert.equal((await syncTable(db, ITEM_V2)).addedIndexes.length, 0);
        assert.equal((await db.dialect.listIndexes(db.kysely, ITEM_V2.name)).length, 1);
      });

      it('reports a type difference (varchar → date) without applying it', async () => {
        const wider: TableSpec = {
          ...ITEM_V2,
          columns: ITEM_V2.columns.map((c) =>
            c.name === 'item_name' ? { ...c, type: 'date' } : c,
          ),
        };
        const result = await syncTable(db, wider);
        assert.deepEqual(
          result.typeDifferences.map((d) => d.column),
          ['item_name'],
        );
        assert.deepEqual(result.addedColumns, []);
      });

      it('rejects identifiers that cannot be quoted safely', async () => {
        for (const name of ['tab"x', 'tab`x', 'tab;drop', '', 'a'.repeat(65)]) {
          await rejectsWith(syncTable(db, { ...ITEM, name }), ValidationError);
        }
        await rejectsWith(
          syncTable(db, { ...ITEM, columns: [{ name: 'x)y', type: 'int' }] }),
          ValidationError,
        );
      });
    });

    describe('values', () => {
      it('round-trips every column type as normalized JS values', async () => {
        await syncTable(db, ALL_TYPES);
        const row = Object.fromEntries(VALUES.map(([type, value]) => [`c_${type}`, value]));
        await db.kysely
          .insertInto(ALL_TYPES.name)
          .values({ name: 'full', ...row })
          .execute();
        await db.kysely.insertInto(ALL_TYPES.name).values({ name: 'empty' }).execute();
        const full = await db.kysely
          .selectFrom(ALL_TYPES.name)
          .selectAll()
          .where('name', '=', 'full')
          .executeTakeFirstOrThrow();
        assert.deepEqual(full, { name: 'full', ...row });
        const empty = await db.kysely
          .selectFrom(ALL_TYPES.name)
          .selectAll()
          .where('name', '=', 'empty')
          .executeTakeFirstOrThrow();
        assert.deepEqual(empty, {
          name: 'empty',
          ...Object.fromEntries(VALUES.map(([type]) => [`c_${type}`, null])),
        });
      });

      it('drops a zero fraction from datetimes and keeps six digits otherwise', async () => {
        const table = ALL_TYPES.name;
        await db.kysely
          .insertInto(table)
          .values({ name: 'zero', c_datetime: '2024-03-05 14:07:09', c_time: '14:30:00.500000' })
          .execute();
        const row = await db.kysely
          .selectFrom(table)
          .select(['c_datetime', 'c_time'])
          .where('name', '=', 'zero')
          .executeTakeFirstOrThrow();
        assert.deepEqual(row, { c_datetime: '2024-03-05 14:07:09', c_time: '14:30:00.500000' });
      });

      it('returns aggregates as numbers', async () => {
        const row = await db.kysely
          .selectFrom(ALL_TYPES.name)
          .select((eb) => [
            eb.fn.countAll().as('n'),
            eb.fn.sum('c_decimal').as('total'),
            eb.fn.max('c_bigint').as('big'),
          ])
          .executeTakeFirstOrThrow();
        assert.deepEqual(row, { n: 3, total: 1234.5, big: 9_007_199_254_740_991 });
      });
    });

    describe('unit of work', () => {
      before(() => syncTable(db, UNIQUE));

      it('commits, then runs afterCommit callbacks in order', async () => {
        const seen: string[] = [];
        await db.transaction(async (uow) => {
          await uow.db
            .insertInto(UNIQUE.name)
            .values({ name: 'U-1', code: 'A', title: 't' })
            .execute();
          uow.afterCommit(async () => void seen.push(`first:${await count(db, UNIQUE.name)}`));
          uow.afterCommit(() => void seen.push('second'));
          uow.afterRollback(() => void seen.push('rollback'));
          assert.deepEqual(seen, []);
        });
        assert.deepEqual(seen, ['first:1', 'second']);
      });

      it('rolls back everything, nested work included, when the function throws', async () => {
        const seen: string[] = [];
        const failure = new Error('boom');
        await assert.rejects(
          db.transaction(async (uow) => {
            uow.afterCommit(() => void seen.push('commit'));
            uow.afterRollback(() => void seen.push('rollback'));
            await uow.db.insertInto(UNIQUE.name).values({ name: 'U-2', title: 't' }).execute();
            await uow.nested(() =>
              uow.db.insertInto(UNIQUE.name).values({ name: 'U-3', title: 't' }).execute(),
            );
            throw failure;
          }),
          (error) => error === failure,
        );
        assert.deepEqual(seen, ['rollback']);
        assert.equal(await count(db, UNIQUE.name), 1);
      });

      it('rolls back only the savepoint when a nested error is caught', async () => {
        await db.transaction(async (uow) => {
          await uow.db.insertInto(UNIQUE.name).values({ name: 'U-4', title: 'outer' }).execute();
          await rejectsWith(
            uow.nested(async () => {
              await uow.db
                .insertInto(UNIQUE.name)
                .values({ name: 'U-5', title: 'inner' })
                .execute();
              await uow.db
                .insertInto(UNIQUE.name)
                .values({ name: 'U-4', title: 'clash' })
                .execute();
            }),
            DuplicateEntryError,
          );
          const inner = await uow.nested(() =>
            uow.db.insertInto(UNIQUE.name).values({ name: 'U-6', title: 'after' }).execute(),
          );
          assert.equal(inner.length, 1);
        });
        const names = await db.kysely
          .selectFrom(UNIQUE.name)
          .select('name')
          .orderBy('name')
          .execute();
        assert.deepEqual(
          names.map((r) => r.name),
          ['U-1', 'U-4', 'U-6'],
        );
      });

      it('runs read-only units of work', async () => {
        const n = await db.transaction((uow) => count(uow.db, UNIQUE.name), { readOnly: true });
        assert.equal(n, 3);
      });
    });

    describe('error translation', () => {
      const insert = (values: Record<string, unknown>) =>
        db.kysely.insertInto(UNIQUE.name).values(values).execute();
      const translated = async (...args: Parameters<typeof rejectsWith>) => {
        const error = await rejectsWith(...args);
        assert.ok(error.cause instanceof Error, 'the driver error is kept as cause');
        return error;
      };

      it('primary-key clash → DuplicateEntryError (409)', async () => {
        const error = await translated(
          insert({ name: 'U-1', title: 'again' }),
          DuplicateEntryError,
        );
        assert.equal(error.status, 409);
      });

      it('other unique clash → UniqueValidationError (417) naming the column', async () => {
        const error = await translated(
          insert({ name: 'U-9', code: 'A', title: 't' }),
          UniqueValidationError,
          'code',
        );
        assert.equal(error.status, 417);
      });

      it('not-null violation → MandatoryError naming the column', async () => {
        await translated(insert({ name: 'U-10', title: null }), MandatoryError, 'title');
      });

      it('translates inside transactions too, and rolls the whole unit back', async () => {
        await rejectsWith(
          db.transaction(async (uow) => {
            await uow.db.insertInto(UNIQUE.name).values({ name: 'U-11', title: 't' }).execute();
            await uow.db.insertInto(UNIQUE.name).values({ name: 'U-11', title: 't' }).execute();
          }),
          DuplicateEntryError,
        );
        assert.equal(await count(db, UNIQUE.name), 3);
      });

      it('deadlock → QueryDeadlockError (servers with row locks)', async (ctx) => {
        if (!db.dialect.capabilities.forUpdate)
          return ctx.diagnostic('embedded: one writer at a time, no deadlocks');
        await insert({ name: 'D-1', title: 't' });
        await insert({ name: 'D-2', title: 't' });
        let bothLocked!: () => void;
        const barrier = new Promise<void>((resolve) => (bothLocked = resolve));
        let locked = 0;
        const crossing = (first: string, second: string) =>
          db.transaction(async (uow) => {
            await uow.db
              .updateTable(UNIQUE.name)
              .set({ title: first })
              .where('name', '=', first)
              .execute();
            if (++locked === 2) bothLocked();
            await barrier;
            await uow.db
              .updateTable(UNIQUE.name)
              .set({ title: second })
              .where('name', '=', second)
              .execute();
          });
        const results = await Promise.allSettled([crossing('D-1', 'D-2'), crossing('D-2', 'D-1')]);
        const failures = results
          .filter((r) => r.status === 'rejected')
          .map((r) => (r as PromiseRejectedResult).reason);
        assert.equal(failures.length, 1);
        assert.ok(failures[0] instanceof QueryDeadlockError, String(failures[0]));
      });
    });

    describe('naming-series counters', () => {
      it('counts per key, gives numbers back on rollback, and can be set', async () => {
        const next = (key: string) => db.transaction((uow) => nextSeriesValue(uow, key));
        assert.deepEqual([await next('SINV-'), await next('SINV-'), await next('SO-')], [1, 2, 1]);
        await assert.rejects(
          db.transaction(async (uow) => {
            assert.equal(await nextSeriesValue(uow, 'SINV-'), 3);
            throw new Error('insert failed');
          }),
        );
        assert.equal(await next('SINV-'), 3);
        await db.transaction((uow) => setSeriesCurrent(uow, 'SINV-', 41));
        assert.equal(await next('SINV-'), 42);
        assert.equal(await db.transaction((uow) => getSeriesCurrent(uow, 'SINV-')), 42);
        assert.equal(await db.transaction((uow) => getSeriesCurrent(uow, 'NEW-')), 0);
        await db.transaction((uow) => setSeriesCurrent(uow, 'NEW-', 7));
        assert.equal(await next('NEW-'), 8);
      });

      it('counts the empty key that format: names share (docs/spec/document-model.md §6.2)', async () => {
        const first = await db.transaction((uow) => nextSeriesValue(uow, ''));
        const second = await db.transaction((uow) => nextSeriesValue(uow, ''));
        assert.equal(second, first + 1);
      });

      it('rejects over-long keys and bad counter values', async () => {
        await rejectsWith(
          db.transaction((uow) => nextSeriesValue(uow, 'x'.repeat(101))),
          ValidationError,
        );
        await rejectsWith(
          db.transaction((uow) => setSeriesCurrent(uow, 'SO-', -1)),
          ValidationError,
        );
        await rejectsWith(
          db.transaction((uow) => setSeriesCurrent(uow, 'SO-', 1.5)),
          ValidationError,
        );
      });

      it(
        'stays unique and gap-free with 4 processes inserting 500 rows each',
        { timeout: 180_000 },
        async () => {
          await syncTable(db, PROBE);
          await Promise.all([1, 2, 3, 4].map(() => runWorker(t, 500)));
          const rows = await db.kysely
            .selectFrom(PROBE.name)
            .select(['name', 'value'])
            .orderBy('value')
            .execute();
          assert.equal(rows.length, 2000);
          assert.deepEqual(
            rows.map((row) => row.value),
            Array.from({ length: 2000 }, (_, i) => i + 1),
          );
          assert.equal(await db.transaction((uow) => getSeriesCurrent(uow, 'P-')), 2000);
        },
      );
    });
  });
}
