/*
 * An ERPNext-style integration with @cortado/client: list unpaid Sales
 * Invoices, record a Payment Entry for one, and accept the site's webhook.
 * `doctypes.d.ts` beside this file is the output of
 * `cortado types generate --module Accounts --module Selling --module Setup --module Stock`
 * on the demo site, so every call below is checked against the real DocTypes.
 */
import { CortadoClient, verifyWebhook, WebhookVerificationError } from '@cortado/client';
import type { PaymentEntry, SalesInvoice } from './doctypes.js';

/** The columns the integration reads from an invoice. */
export type UnpaidInvoice = Required<
  Pick<SalesInvoice, 'name' | 'customer' | 'due_date' | 'outstanding_amount'>
>;

/** A client for the site, authenticated with an API key and secret. */
export function connect(url: string, apiKey: string, apiSecret: string): CortadoClient {
  return new CortadoClient({ url, auth: { type: 'token', apiKey, apiSecret } });
}

/** Every submitted invoice with money still owed, oldest due date first, across all pages. */
export async function listUnpaidInvoices(
  erp: CortadoClient,
  customer?: string,
): Promise<UnpaidInvoice[]> {
  const unpaid: UnpaidInvoice[] = [];
  const rows = erp.iterateList<'Sales Invoice', UnpaidInvoice>('Sales Invoice', {
    fields: ['name', 'customer', 'due_date', 'outstanding_amount'],
    filters: [
      ['docstatus', '=', 1],
      ['outstanding_amount', '>', 0],
      ...(customer === undefined ? [] : [['customer', '=', customer] as const]),
    ],
    orderBy: 'due_date asc, name asc',
    pageSize: 100,
  });
  for await (const invoice of rows) unpaid.push(invoice);
  return unpaid;
}

/** Records and submits a received payment settling `invoice` in full. */
export async function recordPayment(
  erp: CortadoClient,
  invoice: UnpaidInvoice,
  company: string,
  postingDate: string,
): Promise<PaymentEntry> {
  const draft = await erp.insert('Payment Entry', {
    payment_type: 'Receive',
    posting_date: postingDate,
    company,
    party_type: 'Customer',
    party: invoice.customer,
    paid_amount: invoice.outstanding_amount,
    references: [
      {
        reference_doctype: 'Sales Invoice',
        reference_name: invoice.name,
        allocated_amount: invoice.outstanding_amount,
      },
    ],
  });
  return erp.submit('Payment Entry', draft.name);
}

/** The webhook body Cortado sends when nothing is configured: the document, whole. */
export interface InvoiceWebhook {
  readonly doctype: 'Sales Invoice';
  readonly name: string;
  readonly data: SalesInvoice;
}

/**
 * A fetch-style handler (Node, Deno, Bun, workers) for the site's Sales
 * Invoice webhook: 401 unless the signature and timestamp verify.
 */
export async function receiveInvoiceWebhook(request: Request, secret: string): Promise<Response> {
  const body = await request.arrayBuffer();
  try {
    const webhook = await verifyWebhook(body, request.headers, { secret, scheme: 'cortado' });
    const payload = JSON.parse(new TextDecoder().decode(body)) as InvoiceWebhook;
    return Response.json({
      delivery: webhook.id,
      invoice: payload.name,
      status: payload.data.status,
    });
  } catch (error) {
    if (error instanceof WebhookVerificationError)
      return Response.json({ error: error.reason }, { status: 401 });
    throw error;
  }
}
