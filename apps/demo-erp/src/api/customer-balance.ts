import { ValidationError, getDoc, getList, type WhitelistedMethod } from '@cortado/server';
import { roundCurrency } from '../controllers/totals.js';

/**
 * `demo_erp.api.get_customer_balance`: what a customer owes on submitted
 * invoices. Runs as the caller: reading the Customer and listing Sales
 * Invoices are both permission-checked, so a user sees only balances the
 * invoices they may read add up to.
 */
export const getCustomerBalance: WhitelistedMethod = {
  path: 'demo_erp.api.get_customer_balance',
  methods: ['GET', 'POST'],
  params: { customer: { type: 'string' } },
  async handler(args, ctx) {
    const customer = String(args.customer ?? '').trim();
    if (customer === '') throw new ValidationError('customer is required');
    const doc = await getDoc(ctx, 'Customer', customer);
    const [totals] = (await getList(ctx, 'Sales Invoice', {
      fields: ['sum(outstanding_amount) as outstanding_amount', 'count(name) as open_invoices'],
      filters: [
        ['customer', '=', customer],
        ['docstatus', '=', 1],
        ['outstanding_amount', '>', 0],
      ],
      limit_page_length: 0,
    })) as { outstanding_amount: unknown; open_invoices: unknown }[];
    return {
      customer,
      customer_name: doc.customer_name,
      outstanding_amount: roundCurrency(Number(totals?.outstanding_amount ?? 0)),
      open_invoices: Number(totals?.open_invoices ?? 0),
    };
  },
};
