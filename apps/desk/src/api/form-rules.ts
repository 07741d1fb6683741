import type { DocFieldJson, DocTypeJson } from '@cortado/protocol';
import { boot } from './boot.js';

/** Frappe's document: plain keys, child tables as arrays of rows. */
export type DocData = Record<string, unknown>;

/** Permission levels at which the user's roles may read and write (DocPerm rows of the DocType). */
export function levelRights(meta: DocTypeJson): { read: Set<number>; write: Set<number> } {
  const read = new Set<number>();
  const write = new Set<number>();
  const admin = boot.roles.includes('Administrator');
  for (const perm of meta.permissions ?? []) {
    if (!admin && !boot.roles.includes(String(perm.role))) continue;
    const level = Number(perm.permlevel ?? 0);
    if (perm.read || perm.write) read.add(level);
    if (perm.write) write.add(level);
  }
  if (admin) for (const perm of meta.permissions ?? []) write.add(Number(perm.permlevel ?? 0));
  return { read, write };
}

/** Whether a field is shown: not hidden, and its permlevel readable by the user. */
export function fieldVisible(field: DocFieldJson, rights: { read: Set<number> }): boolean {
  if (field.hidden) return false;
  const level = Number(field.permlevel ?? 0);
  return level === 0 || rights.read.has(level);
}

/** Whether the user may change the field now, by Frappe's rules for the document's state. */
export function fieldEditable(
  field: DocFieldJson,
  doc: DocData,
  context: {
    readonly canWrite: boolean;
    readonly isNew: boolean;
    readonly writeLevels: Set<number>;
  },
): boolean {
  if (field.read_only || !context.canWrite) return false;
  if (!context.writeLevels.has(Number(field.permlevel ?? 0))) return false;
  const docstatus = Number(doc['docstatus'] ?? 0);
  if (docstatus === 2) return false;
  if (docstatus === 1 && !field.allow_on_submit) return false;
  if (field.set_only_once && !context.isNew) return false;
  return true;
}

/** A new document with Frappe's defaults (`Today`, `Now`, `__user`, literal values; Check → 0). */
export function newDoc(meta: DocTypeJson, user: string): DocData {
  const doc: DocData = { doctype: meta.name, docstatus: 0, __islocal: 1 };
  for (const field of meta.fields ?? []) {
    if (!field.fieldname) continue;
    if (field.fieldtype === 'Table' || field.fieldtype === 'Table MultiSelect')
      doc[field.fieldname] = [];
    else if (field.default !== undefined && field.default !== null && field.default !== '')
      doc[field.fieldname] = defaultValue(field, user);
    else if (field.fieldtype === 'Check') doc[field.fieldname] = 0;
    else if (field.fieldtype === 'Select' && field.options)
      doc[field.fieldname] = String(field.options).split('\n')[0];
  }
  return doc;
}

function defaultValue(field: DocFieldJson, user: string): unknown {
  const value = String(field.default);
  const now = new Date();
  if (value === 'Today' || value.toLowerCase() === 'today') return now.toISOString().slice(0, 10);
  if (value === 'Now') return now.toISOString().slice(0, 19).replace('T', ' ');
  if (value === '__user') return user;
  return field.fieldtype === 'Check' || field.fieldtype === 'Int' ? Number(value) : value;
}

/** One section of a form: a heading and the fields until the next break. */
export interface FormSection {
  readonly label: string;
  readonly fields: DocFieldJson[];
}

/** Splits the fields at Section and Tab Breaks (columns collapse into a responsive grid). */
export function formSections(meta: DocTypeJson): FormSection[] {
  const sections: FormSection[] = [{ label: '', fields: [] }];
  const ordered = [...(meta.fields ?? [])].sort(
    (a, b) => Number(a['idx'] ?? 0) - Number(b['idx'] ?? 0),
  );
  for (const field of ordered) {
    if (field.fieldtype === 'Section Break' || field.fieldtype === 'Tab Break')
      sections.push({ label: String(field.label ?? ''), fields: [] });
    else if (field.fieldtype !== 'Column Break') sections.at(-1)?.fields.push(field);
  }
  return sections.filter((section) => section.fields.length > 0);
}

/** The copy `Amend` opens: a new draft that names the cancelled one in `amended_from`. */
export function amendedCopy(doc: DocData, meta: DocTypeJson): DocData {
  const copy: DocData = { ...doc, docstatus: 0, amended_from: doc['name'], __islocal: 1 };
  for (const key of ['name', 'creation', 'modified', 'owner', 'modified_by']) delete copy[key];
  for (const field of meta.fields ?? [])
    if (field.fieldtype === 'Table' && field.fieldname && Array.isArray(doc[field.fieldname]))
      copy[field.fieldname] = (doc[field.fieldname] as DocData[]).map((row) => {
        const { name: _name, parent: _parent, ...rest } = row;
        return { ...rest, docstatus: 0 };
      });
  return copy;
}
