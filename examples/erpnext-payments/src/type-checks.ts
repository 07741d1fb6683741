/*
 * Not run: compiled only. Each `@ts-expect-error` proves the generated types
 * catch a mistake; if one stops being an error, the build fails.
 */
import type { CortadoClient } from '@cortado/client';
import type { SalesInvoiceItem } from './doctypes.js';

export async function typeChecks(erp: CortadoClient): Promise<void> {
  const invoice = await erp.getDoc('Sales Invoice', 'ACC-SINV-2026-00001');
  const items: SalesInvoiceItem[] = invoice.items;
  const status: 'Paid' | 'Unpaid' | string | undefined = invoice.status;
  void [items, status];
  // @ts-expect-error 'Settled' is not one of the Select's options
  await erp.insert('Sales Invoice', { customer: 'C', status: 'Settled' });
  // @ts-expect-error a Check field is 0 | 1, not a boolean
  await erp.update('Customer', 'C', { disabled: true });
  // @ts-expect-error Sales Invoice has no field `colour`
  await erp.getList('Sales Invoice', { filters: [['colour', '=', 'red']] });
  // @ts-expect-error `between` takes a pair
  await erp.getCount('Sales Invoice', [['grand_total', 'between', 100]]);
  // A DocType the generated file does not know stays loosely typed.
  const other = await erp.getDoc('Some Custom DocType', 'x');
  void other['anything'];
}
