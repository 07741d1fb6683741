import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { DocTypeJson } from '@cortado/protocol';
import { buildTestApp, type TestApp } from '../../helpers/build-test-app.js';
import { DIALECTS } from '../../helpers/dialects.js';
import { placeholderLinkTargets } from '../../helpers/link-targets.js';
import { sourceFile } from '../../helpers/source-tree.js';

/*
 * Every ERPNext DocType file we ship as a fixture is created the way an
 * administrator would on a fresh site: POST /api/resource/DocType (as a
 * custom DocType, since app files are not installed). Only link targets the
 * fixtures do not ship get placeholders; the roles their permissions name
 * are created as Role records, except the automatic ones (`All`, `Desk User`)
 * that every site has. Then each takes a document over HTTP.
 */

const FIXTURES = new URL('../../fixtures/doctypes/erpnext/', sourceFile(import.meta.url));
const NAMES = [
  'company',
  'customer',
  'customer_group',
  'item',
  'item_group',
  'payment_entry',
  'sales_invoice',
  'sales_invoice_item',
  'sales_order',
  'sales_order_item',
  'territory',
  'uom',
];
const AUTOMATIC_ROLES = new Set(['Guest', 'All', 'Administrator', 'Desk User']);
/** Roles every Frappe site creates on install. */
const SITE_ROLES = new Set([...AUTOMATIC_ROLES, 'System Manager']);
const ADMIN = { 'x-test-user': 'Administrator' };

const real = NAMES.map(
  (name) => JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURES), 'utf8')) as DocTypeJson,
);

/** Link and Table targets before the DocTypes naming them (self links aside). */
function creationOrder(doctypes: readonly DocTypeJson[]): DocTypeJson[] {
  const byName = new Map(doctypes.map((doctype) => [doctype.name, doctype]));
  const done = new Set<string>();
  const ordered: DocTypeJson[] = [];
  const visit = (doctype: DocTypeJson, path: Set<string>) => {
    if (done.has(doctype.name) || path.has(doctype.name)) return;
    path.add(doctype.name);
    for (const field of doctype.fields ?? []) {
      const target = field.options ? byName.get(field.options) : undefined;
      if (target !== undefined && /^(Link|Table|Table MultiSelect)$/.test(field.fieldtype ?? ''))
        visit(target, path);
    }
    done.add(doctype.name);
    ordered.push(doctype);
  };
  for (const doctype of doctypes) visit(doctype, new Set());
  return ordered;
}

for (const dialect of DIALECTS) {
  describe(`ERPNext DocTypes through POST /api/resource/DocType on ${dialect}`, () => {
    let t: TestApp;
    const post = async (doctype: string, body: Record<string, unknown>) => {
      const response = await t.app.inject({
        method: 'POST',
        url: `/api/resource/${encodeURIComponent(doctype)}`,
        headers: ADMIN,
        payload: body,
      });
      assert.equal(response.statusCode, 200, `${doctype}: ${response.body}`);
      return response.json<{ data: Record<string, unknown> }>().data;
    };

    before(async () => {
      t = await buildTestApp({ dialect, migrate: true });
    });
    after(() => t?.close());

    it('the automatic roles are Role records on a fresh site', async () => {
      for (const role of AUTOMATIC_ROLES) {
        const response = await t.app.inject({
          url: `/api/resource/Role/${encodeURIComponent(role)}`,
          headers: ADMIN,
        });
        assert.equal(response.statusCode, 200, `${role}: ${response.body}`);
      }
    });

    it('creates every fixture DocType over HTTP', async () => {
      // The site's own DocTypes (Contact, User, Currency-less core…) are real targets already.
      const known = new Set([
        ...t.site.meta.all().map((meta) => meta.name),
        ...real.map((d) => d.name),
      ]);
      const all = [...placeholderLinkTargets(real, known), ...real];
      for (const module of new Set(all.map((doctype) => doctype.module ?? 'Custom')))
        await post('Module Def', { module_name: module, app_name: 'erpnext' });
      const roles = new Set(
        all.flatMap((doctype) => (doctype.permissions ?? []).map((perm) => String(perm.role))),
      );
      for (const role of roles)
        if (!SITE_ROLES.has(role)) await post('Role', { role_name: role, desk_access: 1 });
      for (const doctype of creationOrder(all)) {
        const created = await post('DocType', { ...doctype, custom: 1 });
        assert.equal(created.name, doctype.name);
      }
    });

    it('takes a Customer, an Item, a Sales Order and a Sales Invoice with items, and a Payment Entry', async () => {
      for (const [doctype, name] of [
        ['Country', 'France'],
        ['Currency', 'EUR'],
        ['Price List', 'Standard Selling'],
        ['Account', 'Debtors - C'],
        ['Account', 'Cash - C'],
        ['Account', 'Sales - C'],
        ['Cost Center', 'Main - C'],
        ['Warehouse', 'Stores - C'],
      ])
        await post(String(doctype), { name });
      await post('Company', {
        company_name: 'Cortado SA',
        abbr: 'C',
        default_currency: 'EUR',
        country: 'France',
      });
      await post('UOM', { uom_name: 'Nos' });
      await post('Item Group', { item_group_name: 'Products' });
      const item = await post('Item', {
        item_code: 'ESPRESSO',
        item_group: 'Products',
        stock_uom: 'Nos',
      });
      assert.equal(item.name, 'ESPRESSO');
      const customer = await post('Customer', {
        customer_name: 'Blue Bottle',
        customer_type: 'Company',
      });
      assert.match(String(customer.name), /^CUST-\d{4}-00001$/);
      const common = {
        customer: customer.name,
        company: 'Cortado SA',
        currency: 'EUR',
        conversion_rate: 1,
        selling_price_list: 'Standard Selling',
        price_list_currency: 'EUR',
        plc_conversion_rate: 1,
      };
      const line = {
        item_code: 'ESPRESSO',
        item_name: 'Espresso',
        uom: 'Nos',
        conversion_factor: 1,
      };
      const order = await post('Sales Order', {
        ...common,
        order_type: 'Sales',
        transaction_date: '2025-03-10',
        delivery_date: '2025-03-20',
        items: [
          { ...line, qty: 2, rate: 2.5, delivery_date: '2025-03-20' },
          { ...line, qty: 1, rate: 3, delivery_date: '2025-03-20' },
        ],
      });
      assert.equal((order.items as unknown[]).length, 2);
      const invoice = await post('Sales Invoice', {
        ...common,
        posting_date: '2025-03-11',
        debit_to: 'Debtors - C',
        base_net_total: 5,
        base_grand_total: 5,
        grand_total: 5,
        items: [
          {
            ...line,
            qty: 2,
            rate: 2.5,
            amount: 5,
            base_rate: 2.5,
            base_amount: 5,
            income_account: 'Sales - C',
            cost_center: 'Main - C',
          },
        ],
      });
      assert.match(String(invoice.name), /^ACC-SINV-\d{4}-00001$/);
      const payment = await post('Payment Entry', {
        payment_type: 'Receive',
        posting_date: '2025-03-12',
        company: 'Cortado SA',
        party_type: 'Customer',
        party: customer.name,
        paid_from: 'Debtors - C',
        paid_from_account_currency: 'EUR',
        paid_to: 'Cash - C',
        paid_to_account_currency: 'EUR',
        paid_amount: 5,
        source_exchange_rate: 1,
        base_paid_amount: 5,
        received_amount: 5,
        target_exchange_rate: 1,
        base_received_amount: 5,
      });
      assert.match(String(payment.name), /^ACC-PAY-\d{4}-00001$/);
    });
  });
}
