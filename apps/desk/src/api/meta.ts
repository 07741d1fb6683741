import type { DocFieldJson, DocTypeJson } from '@cortado/protocol';
import { client } from './session.js';
import { rememberUserSettings } from './user-settings.js';

/** A DocType's definition and those of its child tables, from one `getdoctype` call. */
export interface MetaBundle {
  readonly meta: DocTypeJson;
  readonly children: ReadonlyMap<string, DocTypeJson>;
}

const bundles = new Map<string, Promise<MetaBundle>>();

/**
 * The DocType with its child tables in one request
 * (`frappe.desk.form.load.getdoctype`, as Frappe's desk loads a form),
 * remembered for the page's life so lists and forms never ask twice. The
 * answer also carries the user's settings for the DocType (column widths).
 */
export function getMetaBundle(doctype: string): Promise<MetaBundle> {
  let bundle = bundles.get(doctype);
  if (bundle === undefined) {
    bundle = client
      .call<unknown>('frappe.desk.form.load.getdoctype', { doctype }, { httpMethod: 'GET' })
      .then((body) => {
        rememberUserSettings(doctype, body['user_settings']);
        return toBundle(doctype, body['docs'] as DocTypeJson[]);
      });
    bundle.catch(() => bundles.delete(doctype));
    bundles.set(doctype, bundle);
  }
  return bundle;
}

/** Forgets a DocType's definition (after the DocType editor saved it). */
export function forgetMeta(doctype: string): void {
  bundles.delete(doctype);
}

function toBundle(doctype: string, docs: readonly DocTypeJson[]): MetaBundle {
  const meta = docs.find((doc) => doc.name === doctype) ?? docs[0];
  if (meta === undefined) throw new Error(`DocType ${doctype} not found`);
  const children = new Map(docs.filter((doc) => doc !== meta).map((doc) => [doc.name, doc]));
  return { meta, children };
}

/** Field types that hold no value: layout only. */
export const LAYOUT_TYPES = new Set([
  'Section Break',
  'Column Break',
  'Tab Break',
  'HTML',
  'Button',
  'Fold',
  'Heading',
]);

/** Fields a form shows as inputs (layout and hidden fields left out). */
export function valueFields(meta: DocTypeJson): DocFieldJson[] {
  return (meta.fields ?? []).filter((field) => !LAYOUT_TYPES.has(field.fieldtype ?? ''));
}

/** The list view's columns: `in_list_view` fields, else the title field, as Frappe's list does. */
export function listColumns(meta: DocTypeJson): DocFieldJson[] {
  const fields = valueFields(meta).filter(
    (field) => Boolean(field.in_list_view) && !field.hidden && field.fieldtype !== 'Table',
  );
  if (fields.length > 0) return fields.slice(0, 6);
  const title = valueFields(meta).find((field) => field.fieldname === meta.title_field);
  return title ? [title] : [];
}

/** `/app/sales-invoice` ↔ `Sales Invoice`, Frappe's route slugs. */
export function slugOf(doctype: string): string {
  return doctype.toLowerCase().replace(/ /g, '-');
}
