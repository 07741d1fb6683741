import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  DoesNotExistError,
  FrappeError,
  LinkExistsError,
  MandatoryError,
  PermissionError,
  ValidationError,
} from '../../../src/core/errors/index.js';
import type { ExcType } from '@cortado/protocol';
import {
  deleteDoc,
  getDoc,
  insertDoc,
  renameDoc,
  updateDoc,
} from '../../../src/engine/document.js';
import { getList } from '../../../src/engine/query/index.js';
import type { Site } from '../../../src/engine/site.js';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../helpers/dialects.js';
import { waitFor } from '../../helpers/wait-for.js';
import { asAdmin, docTypeDoc, migratedSite, otherProcess } from './runtime-site.js';

const BOOK_FIELDS = [
  { fieldname: 'title', fieldtype: 'Data', label: 'Title', reqd: 1 },
  { fieldname: 'pages', fieldtype: 'Int', label: 'Pages' },
];
const CHAPTER_FIELDS = [{ fieldname: 'heading', fieldtype: 'Data', label: 'Heading' }];

/** Rejects with exactly Frappe's `excType` (the error classes share no JS hierarchy). */
async function rejectsWith(promise: Promise<unknown>, excType: ExcType): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof FrappeError, String(error));
    assert.equal(error.excType, excType, error.message);
    return true;
  });
}

/** Bad definitions: each fails with its class and leaves no trace. */
const BAD_DEFINITIONS: [string, Record<string, unknown>, ExcType][] = [
  ['app DocType ToDo', docTypeDoc('ToDo', BOOK_FIELDS), 'PermissionError'],
  ['app DocType User', docTypeDoc('User', BOOK_FIELDS), 'PermissionError'],
  ['standard (custom 0)', docTypeDoc('Std Book', BOOK_FIELDS, { custom: 0 }), 'ValidationError'],
  [
    'custom missing',
    { ...docTypeDoc('Std Book', BOOK_FIELDS), custom: undefined },
    'ValidationError',
  ],
  [
    'bad fieldname',
    docTypeDoc('Bad Book', [{ fieldname: 'a-b', fieldtype: 'Data' }]),
    'InvalidColumnName',
  ],
  [
    'SQL fieldname',
    docTypeDoc('Bad Book', [{ fieldname: 'x; drop table tabUser', fieldtype: 'Data' }]),
    'InvalidColumnName',
  ],
  [
    'reserved fieldname',
    docTypeDoc('Bad Book', [{ fieldname: 'modified', fieldtype: 'Data' }]),
    'ValidationError',
  ],
  [
    'duplicate fieldname',
    docTypeDoc('Bad Book', [...BOOK_FIELDS, BOOK_FIELDS[0]!]),
    'ValidationError',
  ],
  [
    'unknown fieldtype',
    docTypeDoc('Bad Book', [{ fieldname: 'x', fieldtype: 'Blob' }]),
    'ValidationError',
  ],
  [
    'Link without options',
    docTypeDoc('Bad Book', [{ fieldname: 'x', fieldtype: 'Link' }]),
    'ValidationError',
  ],
  [
    'Link to missing DocType',
    docTypeDoc('Bad Book', [{ fieldname: 'x', fieldtype: 'Link', options: 'Nope' }]),
    'ValidationError',
  ],
  [
    'Table of a non-child DocType',
    docTypeDoc('Bad Book', [{ fieldname: 'x', fieldtype: 'Table', options: 'ToDo' }]),
    'ValidationError',
  ],
  [
    'varchar length 5000',
    docTypeDoc('Bad Book', [{ fieldname: 'x', fieldtype: 'Data', length: 5000 }]),
    'ValidationError',
  ],
  [
    'unique Text',
    docTypeDoc('Bad Book', [{ fieldname: 'x', fieldtype: 'Text', unique: 1 }]),
    'ValidationError',
  ],
  ['name with quote', docTypeDoc("Bob's Book", BOOK_FIELDS), 'NameError'],
  ['name starting with a digit', docTypeDoc('1 Book', BOOK_FIELDS), 'NameError'],
  ['fields not a list', docTypeDoc('Bad Book', 'title' as never), 'ValidationError'],
  ['module missing', docTypeDoc('Bad Book', BOOK_FIELDS, { module: null }), 'MandatoryError'],
];

async function docTypeRows(site: Site): Promise<number> {
  const row = await site.db.kysely
    .selectFrom('tabDocType')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function tableExists(site: Site, table: string): Promise<boolean> {
  return (await site.db.dialect.listColumns(site.db.kysely, table)) !== null;
}

for (const dialect of DIALECTS) {
  describe(`runtime DocTypes on ${dialect}`, () => {
    let testDb: TestDatabase;
    let site: Site;
    let other: Site;

    before(async () => {
      testDb = await createTestDatabase(dialect);
      site = await migratedSite(testDb);
      other = await otherProcess(testDb);
    });
    after(async () => {
      await other?.db.close();
      await testDb?.drop();
    });

    test('a DocType posted as a document gets a table, loads, and takes records', async () => {
      const saved = await asAdmin(site, (ctx) => insertDoc(ctx, docTypeDoc('Book', BOOK_FIELDS)));
      assert.equal(saved.name, 'Book');
      assert.equal((saved.fields as unknown[]).length, 2);
      assert.ok(await tableExists(site, 'tabBook'));
      assert.equal(site.meta.getMeta('Book').custom, true);
      const book = await asAdmin(site, (ctx) =>
        insertDoc(ctx, { doctype: 'Book', title: 'Dune', pages: '412' }),
      );
      assert.equal(book.pages, 412);
      await assert.rejects(
        asAdmin(site, (ctx) => insertDoc(ctx, { doctype: 'Book', pages: 3 })),
        MandatoryError,
      );
      const list = await asAdmin(site, (ctx) =>
        getList(ctx, 'Book', { fields: ['title', 'pages'] }),
      );
      assert.deepEqual(list, [{ title: 'Dune', pages: 412 }]);
    });

    test('saving the DocType adds a column and replaces the meta', async () => {
      await asAdmin(site, (ctx) =>
        updateDoc(ctx, 'DocType', 'Book', {
          fields: [
            ...BOOK_FIELDS,
            { fieldname: 'isbn', fieldtype: 'Data', label: 'ISBN', length: 20 },
          ],
        }),
      );
      const columns = await site.db.dialect.listColumns(site.db.kysely, 'tabBook');
      assert.ok(columns?.some((column) => column.name === 'isbn'));
      assert.ok(site.meta.getMeta('Book').getField('isbn'));
      const book = await asAdmin(site, (ctx) =>
        insertDoc(ctx, { doctype: 'Book', title: 'Emma', isbn: '978-0' }),
      );
      assert.equal(book.isbn, '978-0');
    });

    test('another process on the same database sees the change once its check interval has passed', async () => {
      // Each unit of work may look at the meta counter; wait until one has reloaded.
      await waitFor('the other process to load the new column', async () => {
        await asAdmin(other, async () => undefined);
        return other.meta.has('Book') && other.meta.getMeta('Book').getField('isbn') !== undefined;
      });
      const seen = await asAdmin(other, (ctx) =>
        getList(ctx, 'Book', { fields: ['title', 'isbn'], order_by: 'title asc' }),
      );
      assert.deepEqual(seen, [
        { title: 'Dune', isbn: null },
        { title: 'Emma', isbn: '978-0' },
      ]);
      assert.ok(other.meta.getMeta('Book').getField('isbn'));
    });

    test('a site opened later loads custom DocTypes from the database', async () => {
      const fresh = await otherProcess(testDb);
      try {
        assert.deepEqual(
          fresh.meta.getMeta('Book').fields.map((f) => f.fieldname),
          ['title', 'pages', 'isbn'],
        );
      } finally {
        await fresh.db.close();
      }
    });

    test('child DocTypes at runtime: a parent with a Table of them round-trips rows', async () => {
      await asAdmin(site, (ctx) =>
        insertDoc(ctx, docTypeDoc('Chapter', CHAPTER_FIELDS, { istable: 1, permissions: [] })),
      );
      await asAdmin(site, (ctx) =>
        insertDoc(
          ctx,
          docTypeDoc('Novel', [
            ...BOOK_FIELDS,
            { fieldname: 'chapters', fieldtype: 'Table', options: 'Chapter', label: 'Chapters' },
          ]),
        ),
      );
      const novel = await asAdmin(site, (ctx) =>
        insertDoc(ctx, {
          doctype: 'Novel',
          title: 'N',
          chapters: [{ heading: 'One' }, { heading: 'Two' }],
        }),
      );
      const read = await asAdmin(site, (ctx) => getDoc(ctx, 'Novel', String(novel.name)));
      assert.deepEqual(
        (read.chapters as { heading: string }[]).map((row) => row.heading),
        ['One', 'Two'],
      );
    });

    for (const [label, doc, excType] of BAD_DEFINITIONS) {
      test(`rejects ${label} with ${excType} and changes nothing`, async () => {
        const rows = await docTypeRows(site);
        const names = site.meta
          .all()
          .map((meta) => meta.name)
          .sort();
        const todo = site.meta.getMeta('ToDo');
        await rejectsWith(
          asAdmin(site, (ctx) => insertDoc(ctx, doc as never)),
          excType,
        );
        assert.equal(await docTypeRows(site), rows);
        assert.deepEqual(
          site.meta
            .all()
            .map((meta) => meta.name)
            .sort(),
          names,
        );
        assert.equal(site.meta.getMeta('ToDo'), todo);
        assert.equal(await tableExists(site, 'tabBad Book'), false);
      });
    }

    test('switching istable or custom on an existing DocType is refused', async () => {
      await assert.rejects(
        asAdmin(site, (ctx) => updateDoc(ctx, 'DocType', 'Book', { istable: 1 })),
        ValidationError,
      );
      await assert.rejects(
        asAdmin(site, (ctx) => updateDoc(ctx, 'DocType', 'Book', { custom: 0 })),
        ValidationError,
      );
      await assert.rejects(
        asAdmin(site, (ctx) => renameDoc(ctx, 'DocType', 'Book', 'Tome')),
        ValidationError,
      );
      assert.equal(site.meta.getMeta('Book').istable, false);
    });

    test('a DocType write rolled back later in the request leaves registry, table and version alone', async () => {
      await assert.rejects(
        asAdmin(site, async (ctx) => {
          await insertDoc(ctx, docTypeDoc('Ghost', BOOK_FIELDS));
          throw new ValidationError('later step failed');
        }),
        ValidationError,
      );
      assert.equal(site.meta.has('Ghost'), false);
      assert.equal(await tableExists(site, 'tabGhost'), false);
    });

    test('non-managers cannot create DocTypes', async () => {
      await assert.rejects(
        (async () => {
          const { withContext } = await import('../../../src/engine/runtime/with-context.js');
          await withContext(site, 'Guest', (ctx) =>
            insertDoc(ctx, docTypeDoc('Guest Book', BOOK_FIELDS)),
          );
        })(),
        PermissionError,
      );
      assert.equal(site.meta.has('Guest Book'), false);
    });

    test('a child DocType in use cannot be deleted', async () => {
      await assert.rejects(
        asAdmin(site, (ctx) => deleteDoc(ctx, 'DocType', 'Chapter')),
        LinkExistsError,
      );
      assert.ok(site.meta.has('Chapter'));
    });

    test('deleting a custom DocType drops it from every registry and keeps its data', async () => {
      await asAdmin(site, (ctx) => deleteDoc(ctx, 'DocType', 'Book'));
      assert.equal(site.meta.has('Book'), false);
      assert.ok(await tableExists(site, 'tabBook'));
      await assert.rejects(
        asAdmin(site, (ctx) => getList(ctx, 'Book', {})),
        DoesNotExistError,
      );
      await waitFor('the other process to drop Book', async () => {
        await asAdmin(other, async () => undefined);
        return !other.meta.has('Book');
      });
      assert.ok(other.meta.has('Novel'));
    });
  });
}
