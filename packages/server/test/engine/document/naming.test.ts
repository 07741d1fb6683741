import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { NameError, ValidationError } from '../../../src/core/errors/index.js';
import { insertDoc, amendDoc, cancelDoc, submitDoc } from '../../../src/engine/document.js';
import {
  consecutiveWeek,
  seriesPrefix,
  validateSeries,
} from '../../../src/engine/naming/naming-series.js';
import { DIALECTS } from '../../helpers/dialects.js';
import { TEST_DOCTYPES, openTestSite, type TestSite } from './document.fixtures.js';

const year = String(new Date().getFullYear());

describe('series grammar', () => {
  it('computes prefixes and consecutive weeks (§15 #16, #20)', () => {
    const march = new Date(2025, 2, 10);
    assert.equal(seriesPrefix('SINV-.YY.-.MM.-.####', { doctype: 'X' }, march), 'SINV-25-03-');
    assert.equal(seriesPrefix('SINV', { doctype: 'X' }, march), 'SINV');
    assert.equal(seriesPrefix('SINV-.', { doctype: 'X' }, march), 'SINV-');
    const weeks = [
      new Date(2019, 11, 31),
      new Date(2020, 0, 1),
      new Date(2020, 0, 15),
      new Date(2021, 0, 1),
      new Date(2021, 11, 31),
    ];
    assert.deepEqual(weeks.map(consecutiveWeek), [53, 1, 3, 0, 52]);
  });

  it('rejects invalid series (§15 #17)', () => {
    assert.throws(() => validateSeries('$INV-'), { excType: 'InvalidNamingSeriesError' });
    assert.throws(() => validateSeries('WINDOWS\\NAMING'), { excType: 'InvalidNamingSeriesError' });
    assert.equal(validateSeries('SI-#.###'), 'SI-#.###');
  });
});

for (const dialect of DIALECTS) {
  describe(`naming on ${dialect}`, () => {
    let t: TestSite;
    before(async () => {
      t = await openTestSite(dialect, TEST_DOCTYPES, [
        {
          name: 'scripted',
          version: '1',
          doctypes: [],
          controllers: { 'Script Doc': { autoname: (doc) => `S-${String(doc.title)}` } },
        },
      ]);
    });
    after(() => t.drop());

    it('field: trims the value and keeps the field equal to the name; duplicates are 409', async () => {
      const doc = await t.run((ctx) =>
        insertDoc(ctx, { doctype: 'Test Customer', customer_name: ' Acme ' }),
      );
      assert.equal(doc.name, 'Acme');
      assert.equal(doc.customer_name, 'Acme');
      await assert.rejects(
        t.run((ctx) => insertDoc(ctx, { doctype: 'Test Customer', customer_name: 'Acme' })),
        {
          excType: 'DuplicateEntryError',
          message: 'Test Customer Acme already exists',
        },
      );
    });

    it('naming_series: counts per prefix', async () => {
      await t.run((ctx) =>
        insertDoc(ctx, { doctype: 'Test Customer', customer_name: 'Series Co' }),
      );
      const first = await t.run((ctx) =>
        insertDoc(ctx, { doctype: 'Test Invoice', customer: 'Series Co' }),
      );
      const second = await t.run((ctx) =>
        insertDoc(ctx, { doctype: 'Test Invoice', customer: 'Series Co', name: 'ignored' }),
      );
      assert.equal(first.name, `TINV-${year}-00001`);
      assert.equal(second.name, `TINV-${year}-00002`);
      assert.equal(first.naming_series, 'TINV-.YYYY.-');
    });

    it('format: shares the empty counter key (§6.2)', async () => {
      const fmt = await t.run((ctx) => insertDoc(ctx, { doctype: 'Format Doc', status: 'Closed' }));
      assert.equal(fmt.name, `FMT-${year}-Closed-001`);
    });

    it('old-style series', async () => {
      const old = await t.run((ctx) => insertDoc(ctx, { doctype: 'Series Doc', title: 'x' }));
      assert.equal(old.name, 'SD-00001');
    });

    it('hash, autoincrement, UUID, controller', async () => {
      const hashed = await t.run((ctx) =>
        insertDoc(ctx, { doctype: 'Test Note', title: 'x', name: 'mine' }),
      );
      assert.match(String(hashed.name), /^[0-9a-v]{10}$/);
      const numbers = [];
      for (let i = 0; i < 3; i++)
        numbers.push(
          (await t.run((ctx) => insertDoc(ctx, { doctype: 'Auto Doc', title: 'x' }))).name,
        );
      assert.deepEqual(numbers, [1, 2, 3]);
      const uuid = await t.run((ctx) => insertDoc(ctx, { doctype: 'UUID Doc', title: 'x' }));
      assert.match(
        String(uuid.name),
        /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      const given = '5a4b8c3e-1f2a-4b3c-8d9e-0a1b2c3d4e5f';
      assert.equal(
        (await t.run((ctx) => insertDoc(ctx, { doctype: 'UUID Doc', name: given }))).name,
        given,
      );
      await assert.rejects(
        t.run((ctx) => insertDoc(ctx, { doctype: 'UUID Doc', name: 'XYZ' })),
        ValidationError,
      );
      assert.equal(
        (await t.run((ctx) => insertDoc(ctx, { doctype: 'Script Doc', title: 'one' }))).name,
        'S-one',
      );
    });

    it('prompt: needs a name and validates it (§15 #23, #24)', async () => {
      await assert.rejects(
        t.run((ctx) => insertDoc(ctx, { doctype: 'Prompt Doc' })),
        { message: 'Please set the document name' },
      );
      assert.equal(
        (await t.run((ctx) => insertDoc(ctx, { doctype: 'Prompt Doc', __newname: 'Blue' }))).name,
        'Blue',
      );
      for (const bad of ['Tag<>', 'Prompt Doc', 'New Prompt Doc 1']) {
        await assert.rejects(
          t.run((ctx) => insertDoc(ctx, { doctype: 'Prompt Doc', name: bad })),
          NameError,
        );
      }
    });

    it('amendments are named X-1, X-2 (§15 #25)', async () => {
      await t.run((ctx) => insertDoc(ctx, { doctype: 'Test Customer', customer_name: 'Amend Co' }));
      const original = await t.run((ctx) =>
        insertDoc(ctx, { doctype: 'Test Invoice', customer: 'Amend Co', docstatus: 1 }),
      );
      await t.run((ctx) => cancelDoc(ctx, 'Test Invoice', String(original.name)));
      const first = await t.run((ctx) => amendDoc(ctx, 'Test Invoice', String(original.name)));
      assert.equal(first.name, `${String(original.name)}-1`);
      assert.equal(first.amended_from, original.name);
      assert.equal(first.docstatus, 0);
      await t.run((ctx) => submitDoc(ctx, 'Test Invoice', String(first.name)));
      await t.run((ctx) => cancelDoc(ctx, 'Test Invoice', String(first.name)));
      const second = await t.run((ctx) => amendDoc(ctx, 'Test Invoice', String(first.name)));
      assert.equal(second.name, `${String(original.name)}-2`);
      await assert.rejects(
        t.run((ctx) => amendDoc(ctx, 'Test Invoice', String(second.name))),
        ValidationError,
      );
    });
  });
}
