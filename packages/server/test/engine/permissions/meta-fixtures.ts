import type { DocField, DocPerm, Meta } from '../../../src/model/meta.js';
import type { MetaRegistry } from '../../../src/model/meta-registry.js';
import { loadDocField } from '../../../src/model/load-docfield.js';

/** A DocField with Frappe's defaults; `extra` overrides. */
export function field(
  fieldname: string,
  fieldtype = 'Data',
  extra: Partial<DocField> = {},
): DocField {
  return {
    ...loadDocField({ fieldname, fieldtype }),
    label: extra.label ?? fieldname,
    ...extra,
  };
}

/** A DocPerm row: level 0, not if-owner, only the rights named. */
export function perm(role: string, rights: Partial<DocPerm>): DocPerm {
  return {
    role,
    permlevel: 0,
    if_owner: false,
    read: false,
    write: false,
    create: false,
    delete: false,
    submit: false,
    cancel: false,
    amend: false,
    report: false,
    export: false,
    import: false,
    share: false,
    print: false,
    email: false,
    select: false,
    ...rights,
  };
}

export interface MetaDefinition {
  readonly name: string;
  readonly fields?: readonly DocField[];
  readonly permissions?: readonly DocPerm[];
  readonly istable?: boolean;
  readonly issingle?: boolean;
  readonly is_submittable?: boolean;
  readonly is_tree?: boolean;
  readonly allow_import?: boolean;
  readonly search_fields?: readonly string[];
}

const LAYOUT = new Set(['Section Break', 'Column Break', 'Tab Break', 'HTML', 'Button']);
const TABLES = new Set(['Table', 'Table MultiSelect']);

/** A hand-built Meta, as `loadMeta` would give for the definition. */
export function makeMeta(def: MetaDefinition): Meta {
  const fields = def.fields ?? [];
  return {
    name: def.name,
    module: 'Tests',
    tableName: `tab${def.name}`,
    fields,
    permissions: def.permissions ?? [],
    autoname: '',
    istable: def.istable ?? false,
    issingle: def.issingle ?? false,
    is_submittable: def.is_submittable ?? false,
    is_tree: def.is_tree ?? false,
    allow_import: def.allow_import ?? false,
    is_virtual: false,
    track_changes: false,
    allow_rename: false,
    custom: false,
    sort_field: 'modified',
    sort_order: 'DESC',
    title_field: '',
    search_fields: def.search_fields ?? [],
    modified: '2024-01-01 00:00:00',
    getField: (fieldname) => fields.find((f) => f.fieldname === fieldname),
    valueFields: fields.filter((f) => !LAYOUT.has(f.fieldtype) && !TABLES.has(f.fieldtype)),
    tableFields: fields.filter((f) => TABLES.has(f.fieldtype)),
    linkFields: fields.filter((f) => f.fieldtype === 'Link' || f.fieldtype === 'Dynamic Link'),
  };
}

/** A fixed registry over `metas`. */
export function metaRegistry(metas: readonly Meta[]): MetaRegistry {
  const byName = new Map(metas.map((meta) => [meta.name, meta]));
  return {
    getMeta(doctype) {
      const meta = byName.get(doctype);
      if (meta === undefined) throw new Error(`DocType ${doctype} not found`);
      return meta;
    },
    has: (doctype) => byName.has(doctype),
    all: () => [...byName.values()],
    set: (meta) => void byName.set(meta.name, meta),
    delete: (doctype) => void byName.delete(doctype),
  };
}
