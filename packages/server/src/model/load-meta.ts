import type { DocFieldJson, DocTypeJson } from '@cortado/protocol';
import { ValidationError } from '../core/errors/index.js';
import { flag, integer, text } from './flag.js';
import { getFieldtype, isFieldtype } from './fieldtypes/registry.js';
import { loadDocField, loadDocPerm } from './load-docfield.js';
import type { DocField, Meta } from './meta.js';
import { validateDefinition } from './validate-definition.js';

/**
 * Reads a Frappe DocType definition (sparse modern files and old files with
 * explicit zeros alike) into an immutable `Meta`. Unknown keys are ignored.
 * Throws a `ValidationError` (or `InvalidColumnName`/`NameError`) when the
 * definition is unsafe to store.
 *
 * @example
 * const meta = loadMeta(JSON.parse(readFileSync('todo.json', 'utf8')));
 * meta.getField('status')?.options; // "Open\nClosed\nCancelled"
 */
export function loadMeta(json: DocTypeJson): Meta {
  const name = text(json.name);
  if (name === '') throw new ValidationError('A DocType definition needs a name');
  const fields = orderFields(nameLayoutFields(json.fields ?? []), json.field_order).map(
    loadDocField,
  );
  validateDefinition(name, fields);
  const byName = new Map(fields.map((field) => [field.fieldname, field]));
  const isVirtualField = (field: DocField) => field.is_virtual;
  return Object.freeze({
    name,
    module: text(json.module),
    tableName: `tab${name}`,
    fields,
    permissions: (json.permissions ?? []).map(loadDocPerm),
    autoname: text(json.autoname),
    istable: flag(json.istable),
    issingle: flag(json.issingle),
    is_submittable: flag(json.is_submittable),
    is_tree: flag(json.is_tree),
    is_virtual: flag(json.is_virtual),
    track_changes: flag(json.track_changes),
    track_seen: flag(json.track_seen),
    allow_import: flag(json.allow_import),
    max_attachments: integer(json.max_attachments),
    show_title_field_in_link: flag(json['show_title_field_in_link']),
    nsm_parent_field:
      typeof json['nsm_parent_field'] === 'string' && json['nsm_parent_field'] !== ''
        ? json['nsm_parent_field']
        : `parent_${json.name.toLowerCase().replace(/[\s-]+/g, '_')}`,
    allow_rename: flag(json.allow_rename),
    custom: flag(json.custom),
    sort_field: text(json.sort_field) || 'modified',
    sort_order: text(json.sort_order) || 'DESC',
    title_field: text(json.title_field),
    search_fields: splitList(text(json.search_fields)),
    modified: text(json.modified),
    getField: (fieldname: string) => byName.get(fieldname),
    valueFields: fields.filter(
      (field) => getFieldtype(field.fieldtype).hasColumn && !isVirtualField(field),
    ),
    tableFields: fields.filter((field) => getFieldtype(field.fieldtype).isTable),
    linkFields: fields.filter(
      (field) => field.fieldtype === 'Link' || field.fieldtype === 'Dynamic Link',
    ),
  });
}

/** `field_order` decides the order; fields it does not list keep their place after the listed ones. */
function orderFields(
  fields: readonly DocFieldJson[],
  order: readonly string[] | undefined,
): DocFieldJson[] {
  if (!order || order.length === 0) return [...fields];
  const rank = new Map(order.map((fieldname, index) => [fieldname, index]));
  const listed = fields.filter((field) => rank.has(text(field.fieldname)));
  listed.sort((a, b) => (rank.get(text(a.fieldname)) ?? 0) - (rank.get(text(b.fieldname)) ?? 0));
  return [...listed, ...fields.filter((field) => !rank.has(text(field.fieldname)))];
}

/** Very old files leave layout fields unnamed; give them a stable name so every field has one. */
function nameLayoutFields(fields: readonly DocFieldJson[]): DocFieldJson[] {
  return fields.map((field, index) => {
    const fieldtype = text(field.fieldtype);
    if (field.fieldname || !isFieldtype(fieldtype)) return field;
    const { hasColumn, isTable } = getFieldtype(fieldtype);
    if (hasColumn || isTable) return field;
    return { ...field, fieldname: `${fieldtype.toLowerCase().replace(/\s+/g, '_')}_${index}` };
  });
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
