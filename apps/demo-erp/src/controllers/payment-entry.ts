import {
  ValidationError,
  getValue,
  setValue,
  type Context,
  type Controller,
  type Doc,
} from '@cortado/server';
import { numberOf, roundCurrency } from './totals.js';
import { trusted } from './trusted.js';

interface InvoiceState {
  readonly docstatus: number;
  readonly customer: string;
  readonly grand_total: number;
  readonly outstanding_amount: number;
}

async function referencedInvoice(ctx: Context, row: Doc): Promise<InvoiceState> {
  if (row.reference_doctype !== 'Sales Invoice')
    throw new ValidationError(`Row #${String(row.idx)}: Reference Doctype must be Sales Invoice`);
  const invoice = (await getValue(trusted(ctx), 'Sales Invoice', String(row.reference_name), [
    'docstatus',
    'customer',
    'grand_total',
    'outstanding_amount',
  ])) as Partial<InvoiceState>;
  if (invoice.docstatus === undefined)
    throw new ValidationError(
      `Row #${String(row.idx)}: Sales Invoice ${String(row.reference_name)} not found`,
    );
  return invoice as InvoiceState;
}

/** Checks one reference against its invoice and copies the invoice's amounts onto the row. */
async function validateReference(ctx: Context, doc: Doc, row: Doc): Promise<number> {
  const invoice = await referencedInvoice(ctx, row);
  const where = `Row #${String(row.idx)}: ${String(row.reference_name)}`;
  if (Number(invoice.docstatus) !== 1) throw new ValidationError(`${where} must be submitted`);
  if (invoice.customer !== doc.party)
    throw new ValidationError(`${where} is not an invoice of ${String(doc.party)}`);
  const allocated = numberOf(row.allocated_amount);
  if (allocated <= 0)
    throw new ValidationError(`${where}: Allocated Amount must be greater than 0`);
  if (allocated > numberOf(invoice.outstanding_amount))
    throw new ValidationError(
      `${where}: Allocated Amount ${allocated} cannot be greater than outstanding amount ${invoice.outstanding_amount}`,
    );
  row.total_amount = invoice.grand_total;
  row.outstanding_amount = invoice.outstanding_amount;
  return allocated;
}

/** Moves each referenced invoice's outstanding amount by `sign × allocated`. */
async function settleInvoices(ctx: Context, doc: Doc, sign: 1 | -1): Promise<void> {
  for (const row of (doc.references ?? []) as Doc[]) {
    const invoice = await referencedInvoice(ctx, row);
    const outstanding = roundCurrency(
      numberOf(invoice.outstanding_amount) + sign * numberOf(row.allocated_amount),
    );
    await setValue(trusted(ctx), 'Sales Invoice', String(row.reference_name), {
      outstanding_amount: outstanding,
    });
  }
}

/**
 * ERPNext's Payment Entry for customers: received money allocated to
 * submitted Sales Invoices. Submitting reduces their outstanding amounts;
 * cancelling restores them.
 */
export const paymentEntry: Controller = {
  async validate(doc, { ctx }) {
    if (doc.party_type !== 'Customer') throw new ValidationError('Party Type must be Customer');
    const paid = numberOf(doc.paid_amount);
    if (paid <= 0) throw new ValidationError('Paid Amount must be greater than 0');
    const references = (doc.references ?? []) as Doc[];
    if (doc.payment_type !== 'Receive' && references.length > 0)
      throw new ValidationError('Only a received payment can be allocated to Sales Invoices');
    let allocated = 0;
    for (const row of references) allocated += await validateReference(ctx, doc, row);
    if (roundCurrency(allocated) > paid)
      throw new ValidationError(
        `Total Allocated Amount ${roundCurrency(allocated)} cannot be greater than Paid Amount ${paid}`,
      );
    doc.unallocated_amount = roundCurrency(paid - allocated);
    doc.party_name = await getValue(
      trusted(ctx),
      'Customer',
      String(doc.party),
      'customer_name',
      false,
    );
    doc.title = doc.party_name ?? doc.party;
    doc.status = doc.docstatus === 1 ? 'Submitted' : 'Draft';
  },
  async on_submit(doc, { ctx }) {
    await settleInvoices(ctx, doc, -1);
  },
  before_cancel(doc) {
    doc.status = 'Cancelled';
  },
  async on_cancel(doc, { ctx }) {
    await settleInvoices(ctx, doc, 1);
  },
};
