import { getValue, insertDoc, type AppDefinition, type Context } from '@cortado/server';
import { createPayment } from './api/create-payment.js';
import { getCustomerBalance } from './api/customer-balance.js';
import { paymentEntry } from './controllers/payment-entry.js';
import { salesInvoice } from './controllers/sales-invoice.js';
import { salesOrder } from './controllers/sales-order.js';
import { demoDocTypes } from './doctypes/index.js';

/** The roles the demo DocTypes' permission rules name (ERPNext's). */
export const DEMO_ROLES = [
  'Sales User',
  'Sales Manager',
  'Sales Master Manager',
  'Accounts User',
  'Accounts Manager',
  'Item Manager',
] as const;

async function createRoles(ctx: Context): Promise<void> {
  for (const role of DEMO_ROLES) {
    if ((await getValue(ctx, 'Role', role, 'name', false)) === undefined)
      await insertDoc(ctx, { doctype: 'Role', role_name: role });
  }
}

/**
 * `@cortado/demo-erp`: a compact ERPNext-like selling and accounting app
 * (Company, Customer, Item, Sales Order, Sales Invoice, Payment Entry and
 * their masters), installed by listing it in a site's `installed_apps`.
 */
const demoErp: AppDefinition = {
  name: 'demo_erp',
  title: 'Demo ERP',
  version: '0.1.0',
  doctypes: demoDocTypes(),
  controllers: {
    'Sales Order': salesOrder,
    'Sales Invoice': salesInvoice,
    'Payment Entry': paymentEntry,
  },
  methods: [getCustomerBalance, createPayment],
  afterInstall: createRoles,
};

export default demoErp;
