import { ValidationError, type Doc } from '@cortado/server';

/** Currency arithmetic at Frappe's default precision of 2 decimals. */
export function roundCurrency(value: number): number {
  return Math.round((value + Number.EPSILON) * 100) / 100;
}

/** A numeric field as a number (the engine has coerced it; empty is 0). */
export function numberOf(value: unknown): number {
  return typeof value === 'number' ? value : Number(value ?? 0) || 0;
}

/**
 * Line amounts and the document totals of a selling document (ERPNext's
 * `calculate_taxes_and_totals` without taxes or discounts, so the grand total
 * is the net total).
 */
export function applyLineTotals(doc: Doc): void {
  const rows = (doc.items ?? []) as Doc[];
  if (rows.length === 0) throw new ValidationError('Items are required');
  let totalQty = 0;
  let netTotal = 0;
  for (const row of rows) {
    const qty = numberOf(row.qty);
    const rate = numberOf(row.rate);
    if (qty <= 0)
      throw new ValidationError(`Row #${String(row.idx)}: Quantity must be greater than 0`);
    if (rate < 0) throw new ValidationError(`Row #${String(row.idx)}: Rate cannot be negative`);
    const amount = roundCurrency(qty * rate);
    row.amount = amount;
    totalQty += qty;
    netTotal += amount;
  }
  doc.total_qty = totalQty;
  doc.net_total = roundCurrency(netTotal);
  doc.grand_total = doc.net_total;
}

/** Rejects a date field set before another one (`Delivery Date` before `Date`, …). */
export function assertNotBefore(doc: Doc, later: string, earlier: string, message: string): void {
  const a = doc[later];
  const b = doc[earlier];
  if (typeof a === 'string' && typeof b === 'string' && a !== '' && a < b)
    throw new ValidationError(message);
}
