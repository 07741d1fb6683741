import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Doc } from '../../../src/engine/doc.js';
import { getDoc, insertDoc } from '../../../src/engine/document.js';
import { DIALECTS } from '../../helpers/dialects.js';
import { placeholderLinkTargets } from '../../helpers/link-targets.js';
import { fixtureDocType, openTestSite, type TestSite } from './document.fixtures.js';

const ERPNEXT = [
  'company',
  'customer',
  'customer_group',
  'item',
  'item_group',
  'sales_invoice',
  'sales_invoice_item',
  'sales_order',
  'sales_order_item',
  'territory',
  'uom',
];
const real = [
  ...ERPNEXT.map((name) => fixtureDocType(`erpnext/${name}.json`)),
  fixtureDocType('frappe/currency.json'),
];

const known = new Set([...real.map((d) => d.name), 'Role', 'DocType']);
const doctypes = [...real, ...placeholderLinkTargets(real, known)];

for (const dialect of DIALECTS) {
  describe(`ERPNext documents on ${dialect}`, () => {
    let t: TestSite;
    before(async () => {
      t = await openTestSite(dialect, doctypes);
      await t.run(async (ctx) => {
        for (const [doctype, name] of [
          ['Country', 'France'],
          ['Price List', 'Standard Selling'],
          ['Account', 'Debtors - C'],
          ['Account', 'Sales - C'],
          ['Cost Center', 'Main - C'],
          ['Warehouse', 'Stores - C'],
        ]) {
          await insertDoc(ctx, { doctype: String(doctype), name: String(name) });
        }
        await insertDoc(ctx, { doctype: 'Currency', currency_name: 'EUR', enabled: 1 });
        await insertDoc(ctx, {
          doctype: 'Company',
          company_name: 'Cortado SA',
          abbr: 'C',
          default_currency: 'EUR',
          country: 'France',
        });
        await insertDoc(ctx, { doctype: 'UOM', uom_name: 'Nos' });
        await insertDoc(ctx, { doctype: 'Item Group', item_group_name: 'Products' });
        for (const code of ['ESPRESSO', 'LATTE'])
          await insertDoc(ctx, {
            doctype: 'Item',
            item_code: code,
            item_group: 'Products',
            stock_uom: 'Nos',
          });
      });
    });
    after(() => t.drop());

    it('inserts a Customer named by series and reads it back', async () => {
      const customer = await t.run((ctx) =>
        insertDoc(ctx, {
          doctype: 'Customer',
          customer_name: 'Blue Bottle',
          customer_type: 'Company',
        }),
      );
      const read = await t.run((ctx) => getDoc(ctx, 'Customer', String(customer.name)));
      assert.equal(read.customer_name, 'Blue Bottle');
      assert.equal(read.docstatus, 0);
    });

    it('inserts a Sales Order with two items and a Sales Invoice', async () => {
      const customer = await t.run((ctx) =>
        insertDoc(ctx, { doctype: 'Customer', customer_name: 'Ritual', customer_type: 'Company' }),
      );
      const common = {
        customer: customer.name,
        company: 'Cortado SA',
        currency: 'EUR',
        conversion_rate: 1,
        selling_price_list: 'Standard Selling',
        price_list_currency: 'EUR',
        plc_conversion_rate: 1,
      };
      const order = await t.run((ctx) =>
        insertDoc(ctx, {
          doctype: 'Sales Order',
          ...common,
          order_type: 'Sales',
          transaction_date: '2025-03-10',
          delivery_date: '2025-03-20',
          items: [
            {
              item_code: 'ESPRESSO',
              item_name: 'Espresso',
              qty: 2,
              uom: 'Nos',
              conversion_factor: 1,
              rate: 2.5,
              delivery_date: '2025-03-20',
            },
            {
              item_code: 'LATTE',
              item_name: 'Latte',
              qty: 1,
              uom: 'Nos',
              conversion_factor: 1,
              rate: 4,
              delivery_date: '2025-03-20',
            },
          ],
        }),
      );
      assert.match(String(order.name), /^SAL-ORD-\d{4}-00001$/);
      const read = await t.run((ctx) => getDoc(ctx, 'Sales Order', String(order.name)));
      assert.deepEqual(
        (read.items as Doc[]).map((row) => [row.idx, row.item_code, row.qty]),
        [
          [1, 'ESPRESSO', 2],
          [2, 'LATTE', 1],
        ],
      );
      assert.equal(read.transaction_date, '2025-03-10');
      const invoice = await t.run((ctx) =>
        insertDoc(ctx, {
          doctype: 'Sales Invoice',
          ...common,
          posting_date: '2025-03-11',
          debit_to: 'Debtors - C',
          base_net_total: 9,
          base_grand_total: 9,
          grand_total: 9,
          items: [
            {
              item_code: 'ESPRESSO',
              item_name: 'Espresso',
              qty: 2,
              uom: 'Nos',
              conversion_factor: 1,
              rate: 4.5,
              amount: 9,
              base_rate: 4.5,
              base_amount: 9,
              income_account: 'Sales - C',
              cost_center: 'Main - C',
            },
          ],
        }),
      );
      assert.match(String(invoice.name), /^ACC-SINV-\d{4}-00001$/);
      assert.equal(
        (await t.run((ctx) => getDoc(ctx, 'Sales Invoice', String(invoice.name)))).grand_total,
        9,
      );
    });
  });
}
