import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DocTypeJson } from '@cortado/protocol';
import { sql } from '../../src/platform/db/kysely.js';
import { coreDocTypes } from '../../src/model/core-doctypes/index.js';
import { loadMeta } from '../../src/model/load-meta.js';
import { OPTIONAL_FIELDNAMES } from '../../src/model/standard-fieldnames.js';
import { docTypeToTableSpec, hasTable, syncDocTypes } from '../../src/model/schema-sync.js';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../helpers/dialects.js';
import { fixture, fixtureDocTypes } from './fixtures.js';

const columnsOf = (doctype: string) => docTypeToTableSpec(loadMeta(fixture(doctype)));

describe('docTypeToTableSpec', () => {
  it('gives ToDo standard, field and optional columns (test vector 3)', () => {
    const spec = columnsOf('frappe/todo.json');
    assert.equal(spec.name, 'tabToDo');
    const names = spec.columns.map((c) => c.name);
    assert.deepEqual(names.slice(0, 7), [
      'name',
      'creation',
      'modified',
      'modified_by',
      'owner',
      'docstatus',
      'idx',
    ]);
    assert.deepEqual(names.slice(-5), OPTIONAL_FIELDNAMES);
    const byName = new Map(spec.columns.map((c) => [c.name, c]));
    assert.deepEqual(byName.get('name'), {
      name: 'name',
      type: 'varchar',
      length: 140,
      primaryKey: true,
    });
    assert.deepEqual(byName.get('docstatus'), {
      name: 'docstatus',
      type: 'int',
      notNull: true,
      defaultValue: 0,
    });
    assert.deepEqual(byName.get('status'), {
      name: 'status',
      type: 'varchar',
      length: 140,
      defaultValue: 'Open',
    });
    assert.equal(byName.get('description')?.type, 'longtext');
    assert.deepEqual(byName.get('date'), { name: 'date', type: 'date' });
    assert.equal(byName.has('parent'), false);
    assert.deepEqual(spec.indexes[0], { name: 'modified', columns: ['modified', 'name'] });
  });

  it('indexes Sales Invoice for filter + order by its sort field', () => {
    const spec = columnsOf('erpnext/sales_invoice.json');
    const indexes = new Map(spec.indexes.map((i) => [i.name, i.columns]));
    assert.deepEqual(indexes.get('modified'), ['modified', 'name']);
    assert.deepEqual(indexes.get('creation'), ['creation', 'name']);
    assert.deepEqual(indexes.get('customer_index'), ['customer', 'creation', 'name']);
    assert.deepEqual(indexes.get('posting_date_index'), ['posting_date', 'creation', 'name']);
    assert.ok(spec.columns.some((c) => c.name === 'amended_from'));
    assert.equal(
      spec.columns.some((c) => c.name === 'items'),
      false,
    );
    const names = spec.columns.map((c) => c.name);
    assert.equal(new Set(names).size, names.length);
  });

  it('gives child tables parent columns and index, no optional columns', () => {
    const spec = columnsOf('erpnext/sales_invoice_item.json');
    const names = spec.columns.map((c) => c.name);
    assert.deepEqual(names.slice(7, 10), ['parent', 'parentfield', 'parenttype']);
    assert.equal(names.includes('_user_tags'), false);
    assert.deepEqual(spec.indexes[0], { name: 'parent', columns: ['parent'] });
  });

  it('uses unique indexes, skips text columns, widens Int with length > 11', () => {
    const spec = docTypeToTableSpec(
      loadMeta({
        name: 'Gadget',
        autoname: 'autoincrement',
        sort_field: 'idx desc, creation desc',
        fields: [
          { fieldname: 'code', unique: 1, search_index: 1 },
          { fieldname: 'notes', fieldtype: 'Text', search_index: 1 },
          { fieldname: 'big', fieldtype: 'Int', length: 20 },
          { fieldname: 'calc', fieldtype: 'Data', is_virtual: 1 },
        ],
      }),
    );
    assert.deepEqual(spec.columns[0], {
      name: 'name',
      type: 'bigint',
      primaryKey: true,
      autoIncrement: true,
    });
    assert.deepEqual(spec.indexes, [
      { name: 'modified', columns: ['modified', 'name'] },
      { name: 'idx', columns: ['idx', 'name'] },
      { name: 'code_unique', columns: ['code'], unique: true },
    ]);
    assert.equal(spec.columns.find((c) => c.name === 'big')?.type, 'bigint');
    assert.equal(
      spec.columns.some((c) => c.name === 'calc'),
      false,
    );
  });

  it('refuses Singles and virtual DocTypes', () => {
    const single = loadMeta({ name: 'Settings Thing', issingle: 1, fields: [{ fieldname: 'a' }] });
    assert.equal(hasTable(single), false);
    assert.throws(() => docTypeToTableSpec(single), /no table/);
    assert.equal(hasTable(loadMeta({ name: 'Remote Thing', is_virtual: 1, fields: [] })), false);
  });
});

const changed = (results: Awaited<ReturnType<typeof syncDocTypes>>) =>
  results.filter((r) => r.created || r.addedColumns.length > 0 || r.addedIndexes.length > 0);

for (const dialect of DIALECTS) {
  describe(`syncDocTypes on ${dialect}`, () => {
    let test: TestDatabase;
    before(async () => {
      test = await createTestDatabase(dialect);
    });
    after(async () => {
      await test?.drop();
    });

    it('creates every core table, then changes nothing', async () => {
      const metas = coreDocTypes().map(loadMeta);
      const progress: string[] = [];
      const first = await syncDocTypes(test.db, metas, (done, total, doctype) =>
        progress.push(`${done}/${total} ${doctype}`),
      );
      const withTables = metas.filter(hasTable);
      assert.equal(first.length, withTables.length);
      assert.ok(first.every((r) => r.created));
      assert.equal(progress.at(-1)?.startsWith(`${withTables.length}/${withTables.length}`), true);
      assert.deepEqual(changed(await syncDocTypes(test.db, metas)), []);
      assert.equal(await test.db.dialect.listColumns(test.db.kysely, 'tabSystem Settings'), null);
    });

    it('creates every fixture table, extends the core tables they share, then changes nothing', async () => {
      const metas = [...fixtureDocTypes().values()].map(loadMeta);
      const first = await syncDocTypes(test.db, metas);
      assert.ok(first.find((r) => r.doctype === 'Sales Invoice')?.created);
      assert.ok((first.find((r) => r.doctype === 'User')?.addedColumns.length ?? 0) > 0);
      assert.deepEqual(changed(await syncDocTypes(test.db, metas)), []);
    });

    it('adds a new field and its composite index to an existing table', async () => {
      const base = fixture('frappe/note.json');
      const grown: DocTypeJson = {
        ...base,
        fields: [
          ...(base.fields ?? []),
          { fieldname: 'category', fieldtype: 'Data', search_index: 1 as const },
        ],
      };
      const [result] = await syncDocTypes(test.db, [loadMeta(grown)]);
      assert.deepEqual(result?.addedColumns, ['category']);
      assert.deepEqual(result?.addedIndexes, ['category_index']);
    });

    it('stores what the column specs promise', async () => {
      await sql`insert into ${sql.table('tabToDo')} (name, description, status, date, creation, modified) values ('t1', 'x', 'Open', '2024-03-05', '2024-03-05 14:07:09.123456', '2024-03-05 14:07:09')`.execute(
        test.db.kysely,
      );
      const row = await test.db.kysely
        .selectFrom('tabToDo')
        .selectAll()
        .where('name', '=', 't1')
        .executeTakeFirstOrThrow();
      assert.equal(row['docstatus'], 0);
      assert.equal(row['idx'], 0);
      assert.equal(String(row['date']).slice(0, 10), '2024-03-05');
    });
  });
}
