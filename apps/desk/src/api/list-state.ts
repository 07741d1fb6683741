import { saveUserSettings, userSettings } from './user-settings.js';
import type { LocationQuery } from 'vue-router';

/** One condition of the list's filter bar: `[field, operator, value]`, Frappe's tuple. */
export type ListFilter = [string, string, unknown];

/** What a list shows; kept in the URL so back, reload and links keep it. */
export interface ListState {
  readonly filters: ListFilter[];
  readonly orderBy: string | undefined;
  readonly page: number;
}

export const PAGE_SIZE = 20;

export function readListState(query: LocationQuery): ListState {
  let filters: ListFilter[] = [];
  try {
    const parsed: unknown = JSON.parse(String(query['filters'] ?? '[]'));
    if (Array.isArray(parsed))
      filters = parsed.filter((f): f is ListFilter => Array.isArray(f) && f.length === 3);
  } catch {
    filters = [];
  }
  const orderBy = typeof query['order_by'] === 'string' ? query['order_by'] : undefined;
  const page = Math.max(0, Number(query['page'] ?? 0) || 0);
  return { filters, orderBy, page };
}

export function toQuery(state: ListState): Record<string, string> {
  const query: Record<string, string> = {};
  if (state.filters.length > 0) query['filters'] = JSON.stringify(state.filters);
  if (state.orderBy) query['order_by'] = state.orderBy;
  if (state.page > 0) query['page'] = String(state.page);
  return query;
}

/** A typed value for an operator: `in` takes a comma list, `between` two values, `is` set/not set. */
export function filterValue(operator: string, text: string): unknown {
  if (operator === 'in' || operator === 'not in')
    return text
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
  if (operator === 'between') return text.split(',').map((v) => v.trim());
  return text;
}

/** Column widths the user dragged, per DocType, from the user's settings on the server. */
export function savedWidths(doctype: string): Record<string, number> {
  return (
    (userSettings(doctype, 'List')['column_widths'] as Record<string, number> | undefined) ?? {}
  );
}

/** Keeps a dragged width in the user's settings (`List.column_widths`), for every browser. */
export function saveWidth(doctype: string, fieldname: string, width: number): Promise<void> {
  const widths = { ...savedWidths(doctype), [fieldname]: Math.round(width) };
  return saveUserSettings(doctype, 'List', { column_widths: widths });
}
