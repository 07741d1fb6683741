import { insertDoc, withContext, type Context, type Doc, type Site } from '@cortado/server';
import { customerDocs, itemDocs, masterDocs } from './masters.js';
import { createRandom, type Random } from './random.js';
import { paymentEntryDoc, salesInvoiceDoc, salesOrderDoc, type SeedItem } from './transactions.js';

/** How much demo data to make. */
export interface SeedSize {
  readonly customers: number;
  readonly items: number;
  readonly salesOrders: number;
  readonly salesInvoices: number;
}

export const DEFAULT_SEED_SIZE: SeedSize = {
  customers: 300,
  items: 200,
  salesOrders: 1000,
  salesInvoices: 1000,
};

/** One progress report: a phase (a DocType) and how far it is. */
export interface SeedProgress {
  readonly phase: string;
  readonly done: number;
  readonly total: number;
}

export interface SeedOptions {
  readonly size?: SeedSize;
  readonly onProgress?: (progress: SeedProgress) => void;
}

/** Documents per transaction: large enough to amortise commits, small enough to report progress. */
const BATCH = 250;
const SUBMITTED_ORDERS = 0.6;
const SUBMITTED_INVOICES = 0.7;
const PAID_INVOICES = 0.5;
const PARTLY_PAID = 0.25;

/**
 * Fills a demo site through the document engine, as Administrator, in a few
 * large transactions: masters, customers, items, then Sales Orders, Sales
 * Invoices (some submitted) and Payment Entries for about half of the
 * submitted invoices (a quarter of those partly). Deterministic.
 *
 * @example
 * await seedDemoData(site, { onProgress: (p) => console.log(p.phase, p.done, p.total) });
 */
export async function seedDemoData(site: Site, options: SeedOptions = {}): Promise<void> {
  const size = options.size ?? DEFAULT_SEED_SIZE;
  const report = options.onProgress ?? (() => {});
  const random = createRandom(20_250_101);
  const now = Date.now();
  const insertAll = (phase: string, docs: readonly Doc[]) =>
    insertInBatches(site, phase, docs, report);

  await insertAll('masters', masterDocs());
  const customers = (await insertAll('Customer', customerDocs(random, size.customers))).map((doc) =>
    String(doc.name),
  );
  const items = (await insertAll('Item', itemDocs(random, size.items))) as unknown as SeedItem[];
  const orders = Array.from({ length: size.salesOrders }, () =>
    salesOrderDoc(random, now, customers, items, SUBMITTED_ORDERS),
  );
  await insertAll('Sales Order', orders);
  const invoices = Array.from({ length: size.salesInvoices }, () =>
    salesInvoiceDoc(random, now, customers, items, SUBMITTED_INVOICES),
  );
  const stored = await insertAll('Sales Invoice', invoices);
  await insertAll('Payment Entry', payments(random, stored));
}

function payments(random: Random, invoices: readonly Doc[]): Doc[] {
  return invoices
    .filter((invoice) => invoice.docstatus === 1 && random.chance(PAID_INVOICES))
    .map((invoice) => paymentEntryDoc(invoice, random.chance(PARTLY_PAID)));
}

async function insertInBatches(
  site: Site,
  phase: string,
  docs: readonly Doc[],
  report: (progress: SeedProgress) => void,
): Promise<Doc[]> {
  const stored: Doc[] = [];
  report({ phase, done: 0, total: docs.length });
  for (let start = 0; start < docs.length; start += BATCH) {
    const batch = docs.slice(start, start + BATCH);
    stored.push(...(await withContext(site, 'Administrator', (ctx) => insertEach(ctx, batch))));
    report({ phase, done: stored.length, total: docs.length });
  }
  return stored;
}

async function insertEach(ctx: Context, docs: readonly Doc[]): Promise<Doc[]> {
  const stored: Doc[] = [];
  for (const doc of docs) stored.push(await insertDoc(ctx, doc));
  return stored;
}
