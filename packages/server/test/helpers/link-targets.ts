import type { DocTypeJson } from '@cortado/protocol';

/**
 * Link and Table targets that a set of fixture DocTypes names but does not
 * ship (Account, Price List, …), as empty prompt-named placeholder DocTypes,
 * so the real definitions load and their Link fields validate.
 */
export function placeholderLinkTargets(
  doctypes: readonly DocTypeJson[],
  known: ReadonlySet<string>,
): DocTypeJson[] {
  const missing = new Map<string, boolean>();
  for (const doctype of doctypes) {
    for (const field of doctype.fields ?? []) {
      const isTable = field.fieldtype === 'Table' || field.fieldtype === 'Table MultiSelect';
      if ((field.fieldtype === 'Link' || isTable) && field.options && !known.has(field.options)) {
        missing.set(field.options, isTable);
      }
    }
  }
  return [...missing].map(([name, istable]) => ({
    doctype: 'DocType',
    name,
    module: 'Placeholder',
    autoname: 'prompt',
    istable: istable ? 1 : 0,
    fields: [],
    permissions: [],
  }));
}
