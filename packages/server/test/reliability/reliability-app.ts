/**
 * The app the crash, fault and soak runs install (`installed_apps` names this
 * file's URL, so job threads load it too): an order with child rows, a
 * receipt a background job writes for it, and the methods that place orders
 * in one request — order, child rows, webhook outbox row and job together.
 */
import type { DocTypeJson } from '@cortado/protocol';
import type { AppDefinition, WhitelistedMethod } from '../../src/engine/runtime/app-definition.js';
import type { Context } from '../../src/engine/context.js';
import { insertDoc } from '../../src/engine/document.js';
import { getValue } from '../../src/engine/query/index.js';
import { ValidationError } from '../../src/core/errors/index.js';
import { enqueue } from '../../src/features/jobs/index.js';

export const ORDER = 'Crash Order';
export const ORDER_ITEM = 'Crash Order Item';
export const RECEIPT = 'Crash Receipt';
export const RECEIPT_JOB = 'reliability_test.tasks.write_receipt';
/** Job timeout: a killed worker's job runs again once its lease (timeout + 5 s) ends. */
const JOB_TIMEOUT_SECONDS = 5;

const FULL_ACCESS = [{ role: 'System Manager', read: 1, write: 1, create: 1, delete: 1 }];

const doctypes = [
  {
    doctype: 'DocType',
    name: ORDER_ITEM,
    module: 'Reliability Test',
    istable: 1,
    permissions: [],
    fields: [
      { fieldname: 'item', fieldtype: 'Data', label: 'Item', reqd: 1 },
      { fieldname: 'qty', fieldtype: 'Int', label: 'Qty' },
    ],
  },
  {
    doctype: 'DocType',
    name: ORDER,
    module: 'Reliability Test',
    autoname: 'hash',
    permissions: FULL_ACCESS,
    fields: [
      { fieldname: 'customer', fieldtype: 'Data', label: 'Customer', reqd: 1 },
      { fieldname: 'items', fieldtype: 'Table', label: 'Items', options: ORDER_ITEM },
    ],
  },
  {
    doctype: 'DocType',
    name: RECEIPT,
    module: 'Reliability Test',
    autoname: 'field:order_name',
    permissions: FULL_ACCESS,
    fields: [{ fieldname: 'order_name', fieldtype: 'Data', label: 'Order', reqd: 1 }],
  },
] as unknown as DocTypeJson[];

/** An order's rows as the client sent them. */
function itemsOf(value: unknown): Record<string, unknown>[] {
  const items = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  if (!Array.isArray(items)) throw new ValidationError('items must be a list');
  return items as Record<string, unknown>[];
}

/** Inserts the order with its rows and enqueues its receipt job, in the caller's transaction. */
async function placeOrder(args: Record<string, unknown>, ctx: Context): Promise<string> {
  const order = await insertDoc(ctx, {
    doctype: ORDER,
    customer: String(args.customer),
    items: itemsOf(args.items),
  });
  const name = String(order.name);
  await enqueue(ctx, {
    method: RECEIPT_JOB,
    timeout: JOB_TIMEOUT_SECONDS,
    // A run slowed past its timeout on a loaded machine (or meeting a locked
    // SQLite file) runs again; the job is idempotent.
    retry: 3,
    retry_interval: 1,
    kwargs: { order: name },
  });
  return name;
}

const methods: WhitelistedMethod[] = [
  { path: 'reliability_test.api.place_order', methods: ['POST'], handler: placeOrder },
  {
    path: 'reliability_test.api.place_order_then_fail',
    methods: ['POST'],
    handler: async (args, ctx) => {
      await placeOrder(args, ctx);
      throw new ValidationError('refused after the order was written');
    },
  },
];

const app: AppDefinition = {
  name: 'reliability_test',
  version: '0.0.1',
  doctypes,
  methods,
  jobs: {
    /** Idempotent: a job re-run after a crash finds its receipt and writes nothing. */
    [RECEIPT_JOB]: async (kwargs, ctx) => {
      const order = String(kwargs.order);
      if ((await getValue(ctx, RECEIPT, order, 'name', false)) !== undefined) return 'exists';
      await insertDoc(ctx, { doctype: RECEIPT, order_name: order });
      return 'written';
    },
  },
};

export default app;
