import {
  ValidationError,
  checkPermission,
  getDoc,
  getList,
  insertDoc,
  type Context,
  type Doc,
  type WhitelistedMethod,
} from '@cortado/server';
import { roundCurrency } from '../controllers/totals.js';

const PAYMENT_TYPES = ['Receive', 'Pay'];
/** Far above any demo amount; stops absurd input before it reaches the books. */
const MAX_AMOUNT = 1e12;

function validAmount(value: unknown): number {
  const amount = Number(value);
  if (!Number.isFinite(amount) || amount <= 0 || amount > MAX_AMOUNT)
    throw new ValidationError('amount must be a number greater than 0');
  return roundCurrency(amount);
}

/** Allocates `amount` to the customer's open invoices, oldest due date first (ERPNext's order). */
async function allocate(ctx: Context, customer: string, amount: number): Promise<Doc[]> {
  const open = (await getList(ctx, 'Sales Invoice', {
    fields: ['name', 'outstanding_amount'],
    filters: [
      ['customer', '=', customer],
      ['docstatus', '=', 1],
      ['outstanding_amount', '>', 0],
    ],
    order_by: 'due_date asc, posting_date asc, name asc',
    limit_page_length: 0,
  })) as { name: string; outstanding_amount: number }[];
  const references: Doc[] = [];
  let left = amount;
  for (const invoice of open) {
    if (left <= 0) break;
    const allocated = roundCurrency(Math.min(left, Number(invoice.outstanding_amount)));
    references.push({
      doctype: 'Payment Entry Reference',
      reference_doctype: 'Sales Invoice',
      reference_name: invoice.name,
      allocated_amount: allocated,
    });
    left = roundCurrency(left - allocated);
  }
  return references;
}

/**
 * `demo_erp.api.create_payment`: records and submits a Payment Entry for a
 * customer; a received payment settles the open invoices oldest first. POST
 * only, arguments validated, and every step runs as the caller, so the
 * engine's permission checks (read Customer, create and submit Payment Entry)
 * apply as they would to the same documents sent over REST.
 */
export const createPayment: WhitelistedMethod = {
  path: 'demo_erp.api.create_payment',
  methods: ['POST'],
  summary: 'Record and submit a payment; a received one settles open invoices oldest first',
  params: {
    customer: {
      type: 'string',
      description: 'The Customer (its name).',
      example: 'CUST-2025-00001',
    },
    amount: { type: 'float', schema: { exclusiveMinimum: 0, maximum: MAX_AMOUNT }, example: 100 },
    payment_type: {
      type: 'string',
      optional: true,
      description: 'Default `Receive`.',
      schema: { enum: PAYMENT_TYPES },
    },
  },
  returns: {
    type: 'object',
    required: ['name', 'paid_amount', 'references'],
    properties: {
      name: { type: 'string', description: 'The submitted Payment Entry.' },
      paid_amount: { type: 'number' },
      unallocated_amount: { type: 'number' },
      references: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            reference_name: { type: 'string', description: 'A Sales Invoice.' },
            allocated_amount: { type: 'number' },
          },
        },
      },
    },
  },
  rateLimit: { limit: 60, seconds: 60 },
  async handler(args, ctx) {
    const paymentType =
      args.payment_type === undefined || args.payment_type === null
        ? 'Receive'
        : String(args.payment_type);
    if (!PAYMENT_TYPES.includes(paymentType))
      throw new ValidationError(`payment_type must be one of ${PAYMENT_TYPES.join(', ')}`);
    const amount = validAmount(args.amount);
    await checkPermission(ctx, 'Payment Entry', 'create');
    const customer = await getDoc(ctx, 'Customer', String(args.customer ?? ''));
    const company = (await getList(ctx, 'Company', { pluck: 'name', limit_page_length: 1 }))[0];
    if (company === undefined) throw new ValidationError('Create a Company first');
    const references =
      paymentType === 'Receive' ? await allocate(ctx, String(customer.name), amount) : [];
    const entry = await insertDoc(ctx, {
      doctype: 'Payment Entry',
      docstatus: 1,
      payment_type: paymentType,
      company,
      party_type: 'Customer',
      party: customer.name,
      paid_amount: amount,
      references,
    });
    return {
      name: entry.name,
      paid_amount: entry.paid_amount,
      unallocated_amount: entry.unallocated_amount,
      references: (entry.references as Doc[]).map((row) => ({
        reference_name: row.reference_name,
        allocated_amount: row.allocated_amount,
      })),
    };
  },
};
