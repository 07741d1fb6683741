import type { Doc } from '@cortado/server';
import { DEMO_COMPANY } from './masters.js';
import type { Random } from './random.js';

/** A stored item as the transactions need it. */
export interface SeedItem {
  readonly item_code: string;
  readonly standard_rate: number;
}

const DAY = 86_400_000;

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** A date within the last year and one `days` after it. */
function datePair(random: Random, now: number, days: number): [string, string] {
  const start = now - random.int(0, 365) * DAY;
  return [isoDate(start), isoDate(start + days * DAY)];
}

function lineItems(random: Random, items: readonly SeedItem[], doctype: string): Doc[] {
  return Array.from({ length: random.int(1, 5) }, () => {
    const item = random.pick(items);
    return { doctype, item_code: item.item_code, qty: random.int(1, 20), rate: item.standard_rate };
  });
}

/** A Sales Order, submitted with probability `submitted`. */
export function salesOrderDoc(
  random: Random,
  now: number,
  customers: readonly string[],
  items: readonly SeedItem[],
  submitted: number,
): Doc {
  const [transactionDate, deliveryDate] = datePair(random, now, random.int(3, 30));
  return {
    doctype: 'Sales Order',
    customer: random.pick(customers),
    company: DEMO_COMPANY,
    transaction_date: transactionDate,
    delivery_date: deliveryDate,
    docstatus: random.chance(submitted) ? 1 : 0,
    items: lineItems(random, items, 'Sales Order Item'),
  };
}

/** A Sales Invoice due 30 days after posting, submitted with probability `submitted`. */
export function salesInvoiceDoc(
  random: Random,
  now: number,
  customers: readonly string[],
  items: readonly SeedItem[],
  submitted: number,
): Doc {
  const [postingDate, dueDate] = datePair(random, now, 30);
  return {
    doctype: 'Sales Invoice',
    customer: random.pick(customers),
    company: DEMO_COMPANY,
    posting_date: postingDate,
    due_date: dueDate,
    docstatus: random.chance(submitted) ? 1 : 0,
    items: lineItems(random, items, 'Sales Invoice Item'),
  };
}

/** A submitted Payment Entry settling all of `invoice`, or about half of it when `partial`. */
export function paymentEntryDoc(invoice: Doc, partial: boolean): Doc {
  const grandTotal = Number(invoice.grand_total);
  const amount = partial ? Math.round(grandTotal * 50) / 100 : grandTotal;
  return {
    doctype: 'Payment Entry',
    docstatus: 1,
    payment_type: 'Receive',
    company: DEMO_COMPANY,
    posting_date: invoice.due_date,
    party_type: 'Customer',
    party: invoice.customer,
    paid_amount: amount,
    references: [
      {
        doctype: 'Payment Entry Reference',
        reference_doctype: 'Sales Invoice',
        reference_name: invoice.name,
        allocated_amount: amount,
      },
    ],
  };
}
