/**
 * Normalized DocType metadata. Loaded from Frappe's DocType JSON by
 * `load-meta.ts`: a missing flag is `false`, a missing string is `''`/null as
 * documented per property. Property names keep Frappe's spelling so that anyone
 * who knows Frappe can read engine code.
 */
export interface DocField {
  readonly fieldname: string;
  readonly fieldtype: string;
  readonly label: string;
  /** Link/Table target, Select choices (newline separated), Data validator, … `''` when absent. */
  readonly options: string;
  readonly reqd: boolean;
  readonly unique: boolean;
  readonly default: string | null;
  readonly read_only: boolean;
  readonly hidden: boolean;
  /** 0 when the definition gives none (the fieldtype decides the column size). */
  readonly length: number;
  readonly precision: number | null;
  readonly search_index: boolean;
  readonly permlevel: number;
  readonly set_only_once: boolean;
  readonly no_copy: boolean;
  readonly allow_on_submit: boolean;
  readonly fetch_from: string | null;
  readonly fetch_if_empty: boolean;
  readonly ignore_user_permissions: boolean;
  readonly non_negative: boolean;
  readonly is_virtual: boolean;
  readonly in_list_view: boolean;
  readonly in_standard_filter: boolean;
}

/** One permission rule (DocPerm row). */
export interface DocPerm {
  readonly role: string;
  readonly permlevel: number;
  readonly if_owner: boolean;
  readonly read: boolean;
  readonly write: boolean;
  readonly create: boolean;
  readonly delete: boolean;
  readonly submit: boolean;
  readonly cancel: boolean;
  readonly amend: boolean;
  readonly report: boolean;
  readonly export: boolean;
  readonly import: boolean;
  readonly share: boolean;
  readonly print: boolean;
  readonly email: boolean;
  readonly select: boolean;
}

/** Permission types a DocPerm row grants. */
export type PermissionType =
  | 'read'
  | 'write'
  | 'create'
  | 'delete'
  | 'submit'
  | 'cancel'
  | 'amend'
  | 'report'
  | 'export'
  | 'import'
  | 'share'
  | 'print'
  | 'email'
  | 'select';

/** A loaded DocType. Immutable; replaced as a whole when the definition changes. */
export interface Meta {
  readonly name: string;
  readonly module: string;
  /** `tab{name}` */
  readonly tableName: string;
  /** All fields in `field_order` order, layout fields included. */
  readonly fields: readonly DocField[];
  readonly permissions: readonly DocPerm[];
  readonly autoname: string;
  readonly istable: boolean;
  readonly issingle: boolean;
  readonly is_submittable: boolean;
  readonly is_tree: boolean;
  /** A tree's parent Link field (Frappe's `nsm_parent_field`, default `parent_{scrubbed name}`). Absent outside load-meta. */
  readonly nsm_parent_field?: string;
  readonly is_virtual: boolean;
  readonly track_changes: boolean;
  /** Keeps a `_seen` column (JSON list of users who opened a document). Absent means false. */
  readonly track_seen?: boolean;
  /** Data Import is allowed; without it no role holds the `import` right. Absent means false. */
  readonly allow_import?: boolean;
  /** How many Files may be attached to one document; 0 (or absent) means no limit. */
  readonly max_attachments?: number;
  readonly allow_rename: boolean;
  readonly custom: boolean;
  /** Default `modified`. May hold a list such as `idx desc, creation desc`. */
  readonly sort_field: string;
  /** `ASC` or `DESC`, default `DESC`. */
  readonly sort_order: string;
  readonly title_field: string;
  /** Link fields show the title, with the name as the description. Absent means false. */
  readonly show_title_field_in_link?: boolean;
  readonly search_fields: readonly string[];
  /** The definition's own `modified`, used to decide whether a file changed. */
  readonly modified: string;
  /** The field by name, or undefined. Standard columns are not DocFields. */
  getField(fieldname: string): DocField | undefined;
  /** Fields that own a column (not layout, not Table, not virtual). */
  readonly valueFields: readonly DocField[];
  /** `Table` and `Table MultiSelect` fields. */
  readonly tableFields: readonly DocField[];
  /** `Link` fields (and `Dynamic Link`). */
  readonly linkFields: readonly DocField[];
}
