import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DoesNotExistError,
  PermissionError,
  ValidationError,
  cancelDoc,
  getAll,
  getDoc,
  insertDoc,
  submitDoc,
  type Context,
  type Doc,
  type Site,
} from '@cortado/server';
import { seedDemoData } from '../src/seed/seed-demo-data.js';
import { DEMO_COMPANY } from '../src/seed/masters.js';
import { DIALECTS, as, createDemoTestSite, createUser } from './demo-site.js';

const SMALL = { customers: 6, items: 5, salesOrders: 4, salesInvoices: 12 };

function invoice(
  customer: string,
  rows: [string, number, number][],
  extra: Record<string, unknown> = {},
): Doc {
  return {
    doctype: 'Sales Invoice',
    customer,
    company: DEMO_COMPANY,
    posting_date: '2025-03-01',
    due_date: '2025-03-31',
    items: rows.map(([item_code, qty, rate]) => ({
      doctype: 'Sales Invoice Item',
      item_code,
      qty,
      rate,
    })),
    ...extra,
  };
}

function payment(
  party: string,
  reference: string,
  amount: number,
  extra: Record<string, unknown> = {},
): Doc {
  return {
    doctype: 'Payment Entry',
    payment_type: 'Receive',
    company: DEMO_COMPANY,
    party_type: 'Customer',
    party,
    paid_amount: amount,
    references: [
      {
        doctype: 'Payment Entry Reference',
        reference_doctype: 'Sales Invoice',
        reference_name: reference,
        allocated_amount: amount,
      },
    ],
    ...extra,
  };
}

function callMethod(
  site: Site,
  path: string,
  args: Record<string, unknown>,
  ctx: Context,
): Promise<unknown> {
  const method = site.apps.method(path);
  assert.ok(method, `${path} is registered`);
  return Promise.resolve(method.handler(args, ctx));
}

for (const dbType of DIALECTS) {
  describe(`demo ERP app on ${dbType}`, () => {
    let site: Site;
    let drop: () => Promise<void>;
    let customers: string[];
    let items: string[];
    const admin = <T>(fn: (ctx: Context) => Promise<T>) => as(site, 'Administrator', fn);

    before(async () => {
      ({ site, drop } = await createDemoTestSite(dbType));
      await seedDemoData(site, { size: SMALL });
      customers = (await admin((ctx) =>
        getAll(ctx, 'Customer', { pluck: 'name', order_by: 'name asc' }),
      )) as string[];
      items = (await admin((ctx) =>
        getAll(ctx, 'Item', { pluck: 'name', order_by: 'name asc' }),
      )) as string[];
    });
    after(() => drop?.());

    it('seeds masters, customers by series, items and consistent transactions', async () => {
      assert.equal(customers.length, SMALL.customers);
      assert.match(customers[0] ?? '', /^CUST-\d{4}-\d{5}$/);
      assert.deepEqual(items.slice(0, 2), ['ITM-0001', 'ITM-0002']);
      const roles = (await admin((ctx) => getAll(ctx, 'Role', { pluck: 'name' }))) as string[];
      for (const role of ['Sales User', 'Accounts User', 'Accounts Manager'])
        assert.ok(roles.includes(role), role);
      const invoices = (await admin((ctx) =>
        getAll(ctx, 'Sales Invoice', {
          fields: ['name', 'docstatus', 'status', 'grand_total', 'outstanding_amount'],
        }),
      )) as Doc[];
      assert.equal(invoices.length, SMALL.salesInvoices);
      for (const row of invoices) {
        assert.match(String(row.name), /^ACC-SINV-\d{4}-\d{5}$/);
        assert.ok(Number(row.outstanding_amount) <= Number(row.grand_total));
        if (row.docstatus === 0) assert.equal(row.status, 'Draft');
        else
          assert.ok(
            ['Unpaid', 'Overdue', 'Paid', 'Partly Paid'].includes(String(row.status)),
            String(row.status),
          );
      }
      const orders = (await admin((ctx) =>
        getAll(ctx, 'Sales Order', { pluck: 'name' }),
      )) as string[];
      assert.ok(orders.every((name) => /^SAL-ORD-\d{4}-\d{5}$/.test(name)));
    });

    it('computes totals in validate and moves status and outstanding with submit, payment and cancel', async () => {
      const [customer] = customers as [string];
      const draft = await admin((ctx) =>
        insertDoc(
          ctx,
          invoice(customer, [
            ['ITM-0001', 3, 10.5],
            ['ITM-0002', 2, 0.335],
          ]),
        ),
      );
      assert.deepEqual(
        (draft.items as Doc[]).map((row) => row.amount),
        [31.5, 0.67],
      );
      assert.equal(draft.net_total, 32.17);
      assert.equal(draft.grand_total, 32.17);
      assert.equal(draft.outstanding_amount, 32.17);
      assert.equal(draft.status, 'Draft');
      assert.ok((draft.items as Doc[])[0]?.item_name, 'item_name fetched from the Item');
      const name = String(draft.name);
      assert.equal((await admin((ctx) => submitDoc(ctx, 'Sales Invoice', name))).status, 'Overdue');

      const partial = await admin((ctx) =>
        insertDoc(ctx, { ...payment(customer, name, 12.17), docstatus: 1 }),
      );
      assert.match(String(partial.name), /^ACC-PAY-\d{4}-\d{5}$/);
      assert.equal(
        partial.title,
        (await admin((ctx) => getDoc(ctx, 'Customer', customer))).customer_name,
      );
      let stored = await admin((ctx) => getDoc(ctx, 'Sales Invoice', name));
      assert.deepEqual([stored.outstanding_amount, stored.status], [20, 'Partly Paid']);

      const rest = await admin((ctx) =>
        insertDoc(ctx, { ...payment(customer, name, 20), docstatus: 1 }),
      );
      stored = await admin((ctx) => getDoc(ctx, 'Sales Invoice', name));
      assert.deepEqual([stored.outstanding_amount, stored.status], [0, 'Paid']);

      const cancelled = await admin((ctx) => cancelDoc(ctx, 'Payment Entry', String(rest.name)));
      assert.equal(cancelled.status, 'Cancelled');
      stored = await admin((ctx) => getDoc(ctx, 'Sales Invoice', name));
      assert.deepEqual([stored.outstanding_amount, stored.status], [20, 'Partly Paid']);
    });

    const customer = () => customers[1] as string;
    const other = () => customers[2] as string;
    const submitted = (party: string) =>
      admin((ctx) => insertDoc(ctx, invoice(party, [['ITM-0003', 1, 100]], { docstatus: 1 })));
    const invalid: [string, () => Promise<Doc>, RegExp][] = [
      [
        'quantity of 0',
        () => admin((ctx) => insertDoc(ctx, invoice(customer(), [['ITM-0001', 0, 5]]))),
        /Quantity must be greater than 0/,
      ],
      [
        'negative rate',
        () => admin((ctx) => insertDoc(ctx, invoice(customer(), [['ITM-0001', 1, -5]]))),
        /Rate cannot be negative/,
      ],
      [
        'due date before posting date',
        () =>
          admin((ctx) =>
            insertDoc(ctx, invoice(customer(), [['ITM-0001', 1, 5]], { due_date: '2025-02-01' })),
          ),
        /Due Date cannot be before/,
      ],
      [
        'order delivered before it is taken',
        () =>
          admin((ctx) =>
            insertDoc(ctx, {
              doctype: 'Sales Order',
              customer: customer(),
              company: DEMO_COMPANY,
              transaction_date: '2025-03-01',
              delivery_date: '2025-01-01',
              items: [{ doctype: 'Sales Order Item', item_code: 'ITM-0001', qty: 1, rate: 1 }],
            }),
          ),
        /Delivery Date cannot be before/,
      ],
      [
        'allocation above the outstanding amount',
        async () => {
          const inv = await submitted(customer());
          return admin((ctx) => insertDoc(ctx, payment(customer(), String(inv.name), 100.01)));
        },
        /cannot be greater than outstanding/,
      ],
      [
        'allocation above the paid amount',
        async () => {
          const inv = await submitted(customer());
          return admin((ctx) =>
            insertDoc(ctx, { ...payment(customer(), String(inv.name), 50), paid_amount: 40 }),
          );
        },
        /cannot be greater than Paid Amount/,
      ],
      [
        'a draft invoice',
        async () => {
          const inv = await admin((ctx) =>
            insertDoc(ctx, invoice(customer(), [['ITM-0001', 1, 5]])),
          );
          return admin((ctx) => insertDoc(ctx, payment(customer(), String(inv.name), 5)));
        },
        /must be submitted/,
      ],
      [
        "another customer's invoice",
        async () => {
          const inv = await submitted(other());
          return admin((ctx) => insertDoc(ctx, payment(customer(), String(inv.name), 5)));
        },
        /is not an invoice of/,
      ],
      [
        'a paid payment allocated',
        async () => {
          const inv = await submitted(customer());
          return admin((ctx) =>
            insertDoc(ctx, payment(customer(), String(inv.name), 5, { payment_type: 'Pay' })),
          );
        },
        /Only a received payment/,
      ],
      [
        'a zero payment',
        () => admin((ctx) => insertDoc(ctx, { ...payment(customer(), 'x', 0), references: [] })),
        /Paid Amount must be greater than 0/,
      ],
    ];
    for (const [what, attempt, message] of invalid) {
      it(`rejects ${what} with a ValidationError`, async () => {
        await assert.rejects(
          attempt(),
          (error: unknown) => error instanceof ValidationError && message.test(error.message),
        );
      });
    }

    describe('whitelisted methods', () => {
      let accounts: string;
      let sales: string;
      let nobody: string;
      before(async () => {
        const tag = Math.random().toString(36).slice(2, 8);
        accounts = await createUser(site, `accounts-${tag}@example.com`, ['Accounts User']);
        sales = await createUser(site, `sales-${tag}@example.com`, ['Sales User']);
        nobody = await createUser(site, `nobody-${tag}@example.com`, []);
      });

      it('get_customer_balance sums the outstanding amounts of submitted invoices', async () => {
        const party = customers[3] as string;
        const open = (await admin((ctx) =>
          getAll(ctx, 'Sales Invoice', {
            fields: ['outstanding_amount'],
            filters: { customer: party, docstatus: 1 },
          }),
        )) as Doc[];
        const expected =
          Math.round(open.reduce((sum, row) => sum + Number(row.outstanding_amount), 0) * 100) /
          100;
        const balance = (await as(site, accounts, (ctx) =>
          callMethod(site, 'demo_erp.api.get_customer_balance', { customer: party }, ctx),
        )) as Doc;
        assert.equal(balance.outstanding_amount, expected);
        assert.equal(
          balance.open_invoices,
          open.filter((row) => Number(row.outstanding_amount) > 0).length,
        );
      });

      it('create_payment settles the oldest invoices first and submits the entry', async () => {
        const party = customers[4] as string;
        const first = await submitted(party);
        const second = await admin((ctx) =>
          insertDoc(
            ctx,
            invoice(party, [['ITM-0001', 1, 100]], {
              docstatus: 1,
              posting_date: '2025-04-01',
              due_date: '2025-05-01',
            }),
          ),
        );
        const before = (await as(site, accounts, (ctx) =>
          callMethod(site, 'demo_erp.api.get_customer_balance', { customer: party }, ctx),
        )) as Doc;
        const result = (await as(site, accounts, (ctx) =>
          callMethod(site, 'demo_erp.api.create_payment', { customer: party, amount: 150 }, ctx),
        )) as Doc;
        const allocations = result.references as Doc[];
        assert.equal(
          allocations.find((row) => row.reference_name === first.name)?.allocated_amount,
          100,
        );
        assert.ok(
          allocations.some(
            (row) => row.reference_name === second.name || Number(before.outstanding_amount) > 200,
          ),
        );
        const after = (await as(site, accounts, (ctx) =>
          callMethod(site, 'demo_erp.api.get_customer_balance', { customer: party }, ctx),
        )) as Doc;
        assert.equal(
          after.outstanding_amount,
          Math.round(
            (Number(before.outstanding_amount) - 150 + Number(result.unallocated_amount)) * 100,
          ) / 100,
        );
        assert.equal(
          (await admin((ctx) => getDoc(ctx, 'Payment Entry', String(result.name)))).docstatus,
          1,
        );
      });

      const refused: [
        string,
        () => string,
        Record<string, unknown>,
        (error: unknown) => boolean,
      ][] = [
        [
          'a user without roles reading a balance',
          () => nobody,
          { method: 'get_customer_balance' },
          (e) => e instanceof PermissionError,
        ],
        [
          'a Sales User creating a payment',
          () => sales,
          { method: 'create_payment', amount: 10 },
          (e) => e instanceof PermissionError,
        ],
        [
          'a negative amount',
          () => accounts,
          { method: 'create_payment', amount: -5 },
          (e) => e instanceof ValidationError,
        ],
        [
          'a non-numeric amount',
          () => accounts,
          { method: 'create_payment', amount: 'lots' },
          (e) => e instanceof ValidationError,
        ],
        [
          'an unknown payment type',
          () => accounts,
          { method: 'create_payment', amount: 5, payment_type: 'Steal' },
          (e) => e instanceof ValidationError,
        ],
        [
          'an unknown customer',
          () => accounts,
          { method: 'create_payment', amount: 5, customer: 'CUST-NOPE' },
          (e) => e instanceof DoesNotExistError,
        ],
        [
          'a blank customer',
          () => accounts,
          { method: 'get_customer_balance', customer: ' ' },
          (e) => e instanceof ValidationError,
        ],
      ];
      for (const [what, user, { method, ...args }, expected] of refused) {
        it(`refuses ${what}`, async () => {
          const call = as(site, user(), (ctx) =>
            callMethod(
              site,
              `demo_erp.api.${String(method)}`,
              { customer: customers[5], ...args },
              ctx,
            ),
          );
          await assert.rejects(call, expected);
        });
      }
    });
  });
}
