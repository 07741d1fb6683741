import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Doc } from '../../../src/engine/doc.js';
import {
  cancelDoc,
  getDoc,
  insertDoc,
  saveDoc,
  submitDoc,
  updateDoc,
} from '../../../src/engine/document.js';
import { DIALECTS } from '../../helpers/dialects.js';
import { TEST_DOCTYPES, openTestSite, type TestSite } from './document.fixtures.js';

const hookLog: string[] = [];
const logging = Object.fromEntries(
  [
    'before_insert',
    'before_naming',
    'before_validate',
    'validate',
    'before_save',
    'before_submit',
    'after_insert',
    'on_update',
    'on_submit',
    'before_cancel',
    'on_cancel',
    'before_update_after_submit',
    'on_update_after_submit',
    'on_change',
  ].map((event) => [event, () => void hookLog.push(event)]),
);

for (const dialect of DIALECTS) {
  describe(`lifecycle on ${dialect}`, () => {
    let t: TestSite;
    before(async () => {
      t = await openTestSite(dialect, TEST_DOCTYPES, [
        { name: 'hooks', version: '1', doctypes: [], controllers: { 'Test Invoice': logging } },
      ]);
      await t.run((ctx) => insertDoc(ctx, { doctype: 'Test Customer', customer_name: 'Acme' }));
    });
    after(() => t.drop());
    beforeEach(() => {
      hookLog.length = 0;
      t.events.inTransaction.length = 0;
      t.events.afterCommit.length = 0;
    });

    const newInvoice = (extra: Record<string, unknown> = {}) =>
      t.run((ctx) =>
        insertDoc(ctx, {
          doctype: 'Test Invoice',
          customer: 'Acme',
          items: [
            { item: 'A', qty: 1 },
            { item: 'B', qty: '2' },
          ],
          ...extra,
        }),
      );

    it('insert: defaults, stamps, fetch_from, typed values, hooks in order', async () => {
      const doc = await newInvoice({ owner: 'x@y.z', creation: '2001-01-01 00:00:00' });
      assert.equal(doc.owner, 'Administrator');
      assert.notEqual(doc.creation, '2001-01-01 00:00:00');
      assert.equal(doc.creation, doc.modified);
      assert.match(String(doc.modified), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?$/);
      assert.equal(doc.customer_name, 'Acme');
      assert.equal(doc.docstatus, 0);
      const items = doc.items as Doc[];
      assert.deepEqual(
        items.map((row) => [row.idx, row.item, row.qty, row.parent, row.parentfield]),
        [
          [1, 'A', 1, doc.name, 'items'],
          [2, 'B', 2, doc.name, 'items'],
        ],
      );
      assert.deepEqual(hookLog, [
        'before_insert',
        'before_naming',
        'before_validate',
        'validate',
        'before_save',
        'after_insert',
        'on_update',
        'on_change',
      ]);
    });

    it('events are published per hook, after commit only once committed, none after a rollback', async () => {
      await newInvoice();
      const names = t.events.afterCommit.map((record) => record.event);
      assert.deepEqual(names, [
        'before_insert',
        'before_naming',
        'before_validate',
        'validate',
        'before_save',
        'after_insert',
        'on_update',
        'on_change',
      ]);
      assert.equal(t.events.afterCommit.find((r) => r.event === 'on_change')?.inInsert, true);
      t.events.afterCommit.length = 0;
      t.events.inTransaction.length = 0;
      await assert.rejects(
        t.run(async (ctx) => {
          await insertDoc(ctx, { doctype: 'Test Invoice', customer: 'Acme' });
          throw new Error('roll back');
        }),
        /roll back/,
      );
      assert.ok(t.events.inTransaction.length > 0);
      assert.equal(t.events.afterCommit.length, 0);
    });

    it('submit, update after submit, cancel; illegal moves (§15 #28–#32)', async () => {
      const doc = await newInvoice();
      const name = String(doc.name);
      await assert.rejects(
        t.run((ctx) => updateDoc(ctx, 'Test Invoice', name, { docstatus: 2 })),
        {
          excType: 'DocstatusTransitionError',
          message: 'Cannot change docstatus from 0 (Draft) to 2 (Cancelled)',
        },
      );
      hookLog.length = 0;
      const submitted = await t.run((ctx) => submitDoc(ctx, 'Test Invoice', name));
      assert.equal(submitted.docstatus, 1);
      assert.ok((submitted.items as Doc[]).every((row) => row.docstatus === 1));
      assert.deepEqual(hookLog, [
        'before_validate',
        'validate',
        'before_submit',
        'on_update',
        'on_submit',
        'on_change',
      ]);
      await assert.rejects(
        t.run((ctx) => updateDoc(ctx, 'Test Invoice', name, { docstatus: 0 })),
        {
          message: 'Cannot change docstatus from 1 (Submitted) to 0 (Draft)',
        },
      );
      await assert.rejects(
        t.run((ctx) => updateDoc(ctx, 'Test Invoice', name, { total: 5 })),
        { excType: 'UpdateAfterSubmitError' },
      );
      hookLog.length = 0;
      const updated = await t.run((ctx) =>
        updateDoc(ctx, 'Test Invoice', name, { remarks: 'late note' }),
      );
      assert.equal(updated.remarks, 'late note');
      assert.deepEqual(hookLog, [
        'before_update_after_submit',
        'on_update_after_submit',
        'on_change',
      ]);
      hookLog.length = 0;
      const cancelled = await t.run((ctx) => cancelDoc(ctx, 'Test Invoice', name));
      assert.equal(cancelled.docstatus, 2);
      assert.deepEqual(hookLog, ['before_cancel', 'on_cancel', 'on_change']);
      await assert.rejects(
        t.run((ctx) => updateDoc(ctx, 'Test Invoice', name, { remarks: 'x' })),
        { message: 'Cannot edit cancelled document' },
      );
      await assert.rejects(
        t.run((ctx) => updateDoc(ctx, 'Test Invoice', name, { docstatus: 7 })),
        { message: 'Invalid docstatus' },
      );
    });

    it('insert with docstatus 2 or an invalid docstatus fails', async () => {
      await assert.rejects(newInvoice({ docstatus: 2 }), { excType: 'DocstatusTransitionError' });
      await assert.rejects(newInvoice({ docstatus: 5 }), { message: 'Invalid docstatus' });
    });

    it('optimistic concurrency on modified (§15 #27)', async () => {
      const doc = await newInvoice();
      const name = String(doc.name);
      const m1 = doc.modified;
      const saved = await t.run((ctx) =>
        updateDoc(ctx, 'Test Invoice', name, { total: 1, modified: m1 }),
      );
      assert.ok(String(saved.modified) > String(m1));
      await assert.rejects(
        t.run((ctx) => updateDoc(ctx, 'Test Invoice', name, { total: 2, modified: m1 })),
        { excType: 'TimestampMismatchError' },
      );
      await assert.rejects(
        t.run((ctx) => saveDoc(ctx, { ...doc, total: 3 })),
        { excType: 'TimestampMismatchError' },
      );
      const blind = await t.run((ctx) => updateDoc(ctx, 'Test Invoice', name, { total: 4 }));
      assert.equal(blind.total, 4);
    });

    it('child rows: merge by name, insert without name, delete left out, reorder; foreign rows refused', async () => {
      const doc = await newInvoice();
      const name = String(doc.name);
      const [a, b] = doc.items as Doc[];
      const updated = await t.run((ctx) =>
        updateDoc(ctx, 'Test Invoice', name, {
          items: [
            { item: 'C', qty: 3 },
            { name: a?.name, qty: 5 },
          ],
        }),
      );
      const rows = updated.items as Doc[];
      assert.deepEqual(
        rows.map((row) => [row.idx, row.item, row.qty]),
        [
          [1, 'C', 3],
          [2, 'A', 5],
        ],
      );
      assert.equal(rows[1]?.name, a?.name);
      assert.ok(!rows.some((row) => row.name === b?.name));
      const untouched = await t.run((ctx) => updateDoc(ctx, 'Test Invoice', name, { total: 9 }));
      assert.equal((untouched.items as Doc[]).length, 2);
      const other = await newInvoice();
      const foreign = (other.items as Doc[])[0]?.name;
      await assert.rejects(
        t.run((ctx) =>
          updateDoc(ctx, 'Test Invoice', name, { items: [{ name: foreign, item: 'Z' }] }),
        ),
        {
          excType: 'ValidationError',
          message: /does not belong to/,
        },
      );
      await assert.rejects(
        t.run((ctx) => updateDoc(ctx, 'Test Invoice', name, { items: [{ qty: 1 }] })),
        { excType: 'MandatoryError' },
      );
    });

    it('getDoc of a missing document is DoesNotExistError', async () => {
      await assert.rejects(
        t.run((ctx) => getDoc(ctx, 'Test Invoice', 'nope')),
        { excType: 'DoesNotExistError', status: 404 },
      );
      await assert.rejects(
        t.run((ctx) => updateDoc(ctx, 'Test Invoice', 'nope', {})),
        { excType: 'DoesNotExistError' },
      );
    });
  });
}
