import type { DocTypeJson } from '@cortado/protocol';

const LINKING_TYPES = new Set(['Link', 'Table', 'Table MultiSelect']);

/**
 * Link and Table targets that a set of fixture DocTypes names but does not
 * ship (Account, Price List, …), as empty prompt-named placeholder DocTypes,
 * so the real definitions load and their Link fields validate. A placeholder
 * carries the fields the fixtures' `fetch_from` read from it (Payment
 * Entry's `paid_from.account_type`), as Data, so those fetches resolve.
 */
export function placeholderLinkTargets(
  doctypes: readonly DocTypeJson[],
  known: ReadonlySet<string>,
): DocTypeJson[] {
  const missing = new Map<string, boolean>();
  for (const doctype of doctypes) {
    for (const field of doctype.fields ?? []) {
      const isTable = field.fieldtype === 'Table' || field.fieldtype === 'Table MultiSelect';
      if (LINKING_TYPES.has(field.fieldtype ?? '') && field.options && !known.has(field.options)) {
        missing.set(field.options, isTable);
      }
    }
  }
  const fetched = fetchedFields(doctypes);
  return [...missing].map(([name, istable]) => ({
    doctype: 'DocType',
    name,
    module: 'Placeholder',
    autoname: 'prompt',
    istable: istable ? 1 : 0,
    fields: [...(fetched.get(name) ?? [])].map((fieldname) => ({ fieldname, fieldtype: 'Data' })),
    permissions: [],
  }));
}

/** For each Link target, the fieldnames that `fetch_from: "<link>.<field>"` reads from it. */
function fetchedFields(doctypes: readonly DocTypeJson[]): Map<string, Set<string>> {
  const fields = new Map<string, Set<string>>();
  for (const doctype of doctypes) {
    const targets = new Map(
      (doctype.fields ?? [])
        .filter((field) => field.fieldtype === 'Link' && field.options)
        .map((field) => [field.fieldname, String(field.options)]),
    );
    for (const field of doctype.fields ?? []) {
      const [link, source] = String(field.fetch_from ?? '').split('.');
      const target = link === undefined ? undefined : targets.get(link);
      if (target === undefined || source === undefined || source === '') continue;
      if (!fields.has(target)) fields.set(target, new Set());
      fields.get(target)?.add(source);
    }
  }
  return fields;
}
