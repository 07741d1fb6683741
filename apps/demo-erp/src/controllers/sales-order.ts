import type { Controller } from '@cortado/server';
import { applyLineTotals, assertNotBefore } from './totals.js';

/** ERPNext's Sales Order, reduced to totals and the status a submit or cancel sets. */
export const salesOrder: Controller = {
  validate(doc) {
    applyLineTotals(doc);
    assertNotBefore(
      doc,
      'delivery_date',
      'transaction_date',
      'Delivery Date cannot be before Sales Order Date',
    );
    for (const row of doc.items as { delivery_date?: unknown }[])
      row.delivery_date ??= doc.delivery_date ?? null;
    doc.status = doc.docstatus === 1 ? 'To Deliver and Bill' : 'Draft';
  },
  before_cancel(doc) {
    doc.status = 'Cancelled';
  },
};
