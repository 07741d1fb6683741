import type { Controller, Doc } from '@cortado/server';
import { applyLineTotals, assertNotBefore, numberOf } from './totals.js';

/**
 * ERPNext's invoice status for a submitted invoice: paid, partly paid,
 * overdue or unpaid, from the outstanding amount and the due date.
 */
export function invoiceStatus(doc: Doc, today = new Date().toISOString().slice(0, 10)): string {
  const outstanding = numberOf(doc.outstanding_amount);
  if (outstanding <= 0) return 'Paid';
  if (outstanding < numberOf(doc.grand_total)) return 'Partly Paid';
  return typeof doc.due_date === 'string' && doc.due_date < today ? 'Overdue' : 'Unpaid';
}

/**
 * ERPNext's Sales Invoice: totals and the outstanding amount are computed in
 * `validate`; the status follows submit, cancel and payments (Payment Entry
 * changes `outstanding_amount` after submit).
 */
export const salesInvoice: Controller = {
  validate(doc) {
    applyLineTotals(doc);
    doc.due_date ??= doc.posting_date;
    assertNotBefore(doc, 'due_date', 'posting_date', 'Due Date cannot be before Posting Date');
    doc.outstanding_amount = doc.grand_total;
    doc.status = doc.docstatus === 1 ? invoiceStatus(doc) : 'Draft';
  },
  before_update_after_submit(doc) {
    doc.status = invoiceStatus(doc);
  },
  before_cancel(doc) {
    doc.status = 'Cancelled';
  },
};
