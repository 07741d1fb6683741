/**
 * Columns every DocType table has, in Frappe's order (its `default_fields`,
 * docs/spec/document-model.md §3.1): the order of `*` in a list and of a document's keys.
 */
export const STANDARD_FIELDNAMES = [
  'name',
  'owner',
  'creation',
  'modified',
  'modified_by',
  'docstatus',
  'idx',
] as const;

/** Columns only child tables have. */
export const CHILD_FIELDNAMES = ['parent', 'parentfield', 'parenttype'] as const;

/** Columns of non-child tables that no document save writes (§3.2); `_seen` only with `track_seen`. */
export const OPTIONAL_FIELDNAMES = [
  '_user_tags',
  '_comments',
  '_assign',
  '_liked_by',
  '_seen',
] as const;

/** Names a DocField may not take: they clash with columns or with the document object itself. */
export const RESERVED_FIELDNAMES: ReadonlySet<string> = new Set([
  ...STANDARD_FIELDNAMES,
  ...CHILD_FIELDNAMES,
  ...OPTIONAL_FIELDNAMES,
  'doctype',
  'meta',
  'flags',
  'parent_doc',
  'permitted_fieldnames',
  'dont_update_if_missing',
]);
