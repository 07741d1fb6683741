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
  summary: 'What a customer owes on submitted invoices the caller may read',
  params: {
    customer: {
      type: 'string',
      description: 'The Customer (its name, e.g. from `GET /api/resource/Customer`).',
      example: 'CUST-2025-00001',
    },
  },
  returns: {
    type: 'object',
    required: ['customer', 'outstanding_amount', 'open_invoices'],
    properties: {
      customer: { type: 'string' },
      customer_name: { type: ['string', 'null'] },
      outstanding_amount: { type: 'number' },
      open_invoices: { type: 'integer', minimum: 0 },
    },
  },
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
