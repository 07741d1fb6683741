import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  cancelDoc,
  deleteDoc,
  getDoc,
  insertDoc,
  renameDoc,
  saveDoc,
  setValue,
  submitDoc,
  updateDoc,
} from '../../../src/engine/document.js';
import { DIALECTS } from '../../helpers/dialects.js';
import { TEST_DOCTYPES, openTestSite, type TestSite } from './document.fixtures.js';

const customer = (fields: Record<string, unknown>) => ({ doctype: 'Test Customer', ...fields });

for (const dialect of DIALECTS) {
  describe(`validations, delete, rename, versions, singles on ${dialect}`, () => {
    let t: TestSite;
    before(async () => {
      t = await openTestSite(dialect, TEST_DOCTYPES);
    });
    after(() => t.drop());

    const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
      [
        'a missing naming field',
        { status: 'Active' },
        { excType: 'ValidationError', message: 'Customer Name is required' },
      ],
      [
        'select',
        { customer_name: 'S', status: 'Done' },
        { message: 'Status cannot be "Done". It should be one of "Active", "Inactive"' },
      ],
      [
        'length',
        { customer_name: 'L', code: 'x'.repeat(11) },
        { excType: 'CharacterLengthExceededError', message: /max characters allowed is 10$/ },
      ],
      ['non negative', { customer_name: 'N', credit: -1 }, { excType: 'NonNegativeError' }],
      [
        'email',
        { customer_name: 'E', email: 'not-an-email' },
        { excType: 'InvalidEmailAddressError' },
      ],
      ['typed value', { customer_name: 'T', credit: 'abc' }, { excType: 'ValidationError' }],
      [
        'list in a scalar',
        { customer_name: 'T2', status: ['Active'] },
        { excType: 'ValidationError' },
      ],
    ];
    for (const [label, fields, error] of cases) {
      it(`rejects ${label}`, async () => {
        await assert.rejects(
          t.run((ctx) => insertDoc(ctx, customer(fields))),
          error,
        );
      });
    }

    it('coerces valid strings and ignores unknown keys', async () => {
      const doc = await t.run((ctx) =>
        insertDoc(
          ctx,
          customer({ customer_name: 'Typed', credit: '12.5', disabled: '1', bogus: 1 }),
        ),
      );
      assert.equal(doc.credit, 12.5);
      assert.equal(doc.disabled, 1);
      assert.ok(!('bogus' in doc));
    });

    it('gathers mandatory misses of the document and its rows (§9.1)', async () => {
      await assert.rejects(
        t.run((ctx) => insertDoc(ctx, { doctype: 'Test Invoice', items: [{ qty: 1 }] })),
        {
          excType: 'MandatoryError',
          message: /^\[Test Invoice, TINV-\d{4}-\d{5}\]: customer, item$/,
        },
      );
    });

    it('unique values and set_only_once fields', async () => {
      await t.run((ctx) =>
        insertDoc(ctx, customer({ customer_name: 'U1', code: 'C1', tax_id: 'T1' })),
      );
      await assert.rejects(
        t.run((ctx) => insertDoc(ctx, customer({ customer_name: 'U2', code: 'C1' }))),
        { excType: 'UniqueValidationError' },
      );
      await assert.rejects(
        t.run((ctx) => updateDoc(ctx, 'Test Customer', 'U1', { tax_id: 'T2' })),
        {
          excType: 'CannotChangeConstantError',
          message: 'Value cannot be changed for Tax Id',
        },
      );
      await assert.rejects(
        t.run((ctx) => updateDoc(ctx, 'Test Customer', 'U1', { owner: 'someone@else' })),
        { excType: 'CannotChangeConstantError' },
      );
      const same = await t.run((ctx) =>
        updateDoc(ctx, 'Test Customer', 'U1', { code: 'C1', customer_name: 'Other' }),
      );
      assert.equal(same.customer_name, 'U1');
    });

    it('links: missing target, Dynamic Link needs its type, cancelled target', async () => {
      await assert.rejects(
        t.run((ctx) => insertDoc(ctx, { doctype: 'Test Invoice', customer: 'Nobody' })),
        {
          excType: 'LinkValidationError',
          message: 'Could not find Customer: Nobody',
        },
      );
      await assert.rejects(
        t.run((ctx) => insertDoc(ctx, { doctype: 'Test Note', reference_name: 'X' })),
        {
          message: 'Reference Type must be set first',
        },
      );
      await t.run((ctx) => insertDoc(ctx, customer({ customer_name: 'Linked' })));
      const note = await t.run((ctx) =>
        insertDoc(ctx, {
          doctype: 'Test Note',
          reference_type: 'Test Customer',
          reference_name: 'Linked',
        }),
      );
      assert.equal(note.reference_name, 'Linked');
      const inv = await t.run((ctx) =>
        insertDoc(ctx, { doctype: 'Test Invoice', customer: 'Linked', docstatus: 1 }),
      );
      await t.run((ctx) => cancelDoc(ctx, 'Test Invoice', String(inv.name)));
      const amendment = await t.run((ctx) =>
        insertDoc(ctx, { doctype: 'Test Invoice', customer: 'Linked', amended_from: inv.name }),
      );
      assert.equal(amendment.amended_from, inv.name);
    });

    it('cancel is blocked by a submitted linking document (§15 #33)', async () => {
      await t.run((ctx) => insertDoc(ctx, customer({ customer_name: 'Root' })));
      const first = await t.run((ctx) =>
        insertDoc(ctx, { doctype: 'Test Invoice', customer: 'Root', docstatus: 1 }),
      );
      const note = await t.run((ctx) =>
        insertDoc(ctx, {
          doctype: 'Test Note',
          reference_type: 'Test Invoice',
          reference_name: first.name,
        }),
      );
      const cancelled = await t.run((ctx) => cancelDoc(ctx, 'Test Invoice', String(first.name)));
      assert.equal(cancelled.docstatus, 2);
      assert.ok(note.name);
    });

    it('delete: submitted docs must be cancelled, links block, series number given back (§15 #26, #34, #35)', async () => {
      await t.run((ctx) => insertDoc(ctx, customer({ customer_name: 'Gone' })));
      const inv = await t.run((ctx) =>
        insertDoc(ctx, { doctype: 'Test Invoice', customer: 'Gone', docstatus: 1 }),
      );
      const name = String(inv.name);
      await assert.rejects(
        t.run((ctx) => deleteDoc(ctx, 'Test Invoice', name)),
        {
          message: `Test Invoice ${name}: Submitted Record cannot be deleted. You must Cancel it first.`,
        },
      );
      await t.run((ctx) => cancelDoc(ctx, 'Test Invoice', name));
      await assert.rejects(
        t.run((ctx) => deleteDoc(ctx, 'Test Customer', 'Gone')),
        {
          excType: 'LinkExistsError',
          message: /You can disable this Test Customer instead of deleting it\.$/,
        },
      );
      const last = await t.run((ctx) =>
        insertDoc(ctx, { doctype: 'Test Invoice', customer: 'Gone' }),
      );
      await t.run((ctx) => deleteDoc(ctx, 'Test Invoice', String(last.name)));
      const events = t.events.afterCommit
        .filter((r) => r.name === String(last.name))
        .map((r) => r.event);
      assert.deepEqual(events.slice(-3), ['on_trash', 'on_change', 'after_delete']);
      const next = await t.run((ctx) =>
        insertDoc(ctx, { doctype: 'Test Invoice', customer: 'Gone' }),
      );
      assert.equal(next.name, last.name);
      await t.run((ctx) => deleteDoc(ctx, 'Test Invoice', name));
      await assert.rejects(
        t.run((ctx) => getDoc(ctx, 'Test Invoice', name)),
        { excType: 'DoesNotExistError' },
      );
      await assert.rejects(
        t.run((ctx) => deleteDoc(ctx, 'Test Invoice', name)),
        { excType: 'DoesNotExistError' },
      );
    });

    it('rename updates Link, Dynamic Link and Single values; merge; refusals (§15 #47)', async () => {
      await t.run((ctx) => insertDoc(ctx, customer({ customer_name: 'Old Name' })));
      await t.run((ctx) => insertDoc(ctx, customer({ customer_name: 'Taken' })));
      const inv = await t.run((ctx) =>
        insertDoc(ctx, { doctype: 'Test Invoice', customer: 'Old Name' }),
      );
      const note = await t.run((ctx) =>
        insertDoc(ctx, {
          doctype: 'Test Note',
          reference_type: 'Test Customer',
          reference_name: 'Old Name',
        }),
      );
      await t.run((ctx) =>
        saveDoc(ctx, {
          doctype: 'Test Settings',
          name: 'Test Settings',
          default_customer: 'Old Name',
        }),
      );
      await assert.rejects(
        t.run((ctx) => renameDoc(ctx, 'Test Customer', 'Old Name', 'Taken')),
        {
          message: 'Another Test Customer with name Taken exists, select another name',
        },
      );
      await assert.rejects(
        t.run((ctx) => renameDoc(ctx, 'Test Customer', 'Old Name', 'Old Name')),
        { excType: 'ValidationError' },
      );
      await assert.rejects(
        t.run((ctx) => renameDoc(ctx, 'Test Invoice', String(inv.name), 'X')),
        { message: 'Test Invoice not allowed to be renamed' },
      );
      const renamed = await t.run((ctx) => renameDoc(ctx, 'Test Customer', 'Old Name', 'New Name'));
      assert.equal(renamed.customer_name, 'New Name');
      assert.equal(
        (await t.run((ctx) => getDoc(ctx, 'Test Invoice', String(inv.name)))).customer,
        'New Name',
      );
      assert.equal(
        (await t.run((ctx) => getDoc(ctx, 'Test Note', String(note.name)))).reference_name,
        'New Name',
      );
      assert.equal(
        (await t.run((ctx) => getDoc(ctx, 'Test Settings', 'Test Settings'))).default_customer,
        'New Name',
      );
      await t.run((ctx) => renameDoc(ctx, 'Test Customer', 'New Name', 'Taken', { merge: true }));
      assert.equal(
        (await t.run((ctx) => getDoc(ctx, 'Test Invoice', String(inv.name)))).customer,
        'Taken',
      );
      await assert.rejects(
        t.run((ctx) => getDoc(ctx, 'Test Customer', 'New Name')),
        { excType: 'DoesNotExistError' },
      );
    });

    it('track_changes writes a Version per changed save, none on insert (§15 #49)', async () => {
      await t.run((ctx) => insertDoc(ctx, customer({ customer_name: 'Tracked' })));
      const count = () =>
        t.run((ctx) =>
          ctx.uow.db
            .selectFrom('tabVersion')
            .selectAll()
            .where('docname', '=', 'Tracked')
            .execute(),
        );
      assert.equal((await count()).length, 0);
      await t.run((ctx) => setValue(ctx, 'Test Customer', 'Tracked', { status: 'Inactive' }));
      await t.run((ctx) => updateDoc(ctx, 'Test Customer', 'Tracked', {}));
      const versions = await count();
      assert.equal(versions.length, 1);
      assert.deepEqual(JSON.parse(String(versions[0]?.data)).changed, [
        ['status', 'Active', 'Inactive'],
      ]);
    });

    it('Singles live in tabSingles and check modified (§15 #50)', async () => {
      const first = await t.run((ctx) =>
        saveDoc(ctx, {
          doctype: 'Test Settings',
          name: 'Test Settings',
          company_name: 'Cortado',
          max_items: '5',
        }),
      );
      assert.equal(first.name, 'Test Settings');
      assert.equal(first.max_items, 5);
      const second = await t.run((ctx) =>
        updateDoc(ctx, 'Test Settings', 'Test Settings', {
          company_name: 'Cortado 2',
          modified: first.modified,
        }),
      );
      assert.equal(second.company_name, 'Cortado 2');
      await assert.rejects(
        t.run((ctx) =>
          updateDoc(ctx, 'Test Settings', 'Test Settings', {
            max_items: 1,
            modified: first.modified,
          }),
        ),
        {
          excType: 'TimestampMismatchError',
        },
      );
      const rows = await t.run((ctx) =>
        ctx.uow.db
          .selectFrom('tabSingles')
          .select(['field', 'value'])
          .where('doctype', '=', 'Test Settings')
          .execute(),
      );
      assert.equal(rows.find((row) => row.field === 'company_name')?.value, 'Cortado 2');
    });

    it('submitting a non-submittable DocType is refused', async () => {
      await t.run((ctx) => insertDoc(ctx, customer({ customer_name: 'Plain' })));
      await assert.rejects(
        t.run((ctx) => submitDoc(ctx, 'Test Customer', 'Plain')),
        { excType: 'PermissionError' },
      );
    });
  });
}
