/**
 * A document as the engine passes it around: a plain object with Frappe's
 * keys (`doctype`, `name`, standard columns, field values, and child rows as
 * arrays under their Table fieldname).
 */
export interface Doc {
  doctype: string;
  name?: string;
  [fieldname: string]: unknown;
}

/** Frappe's controller hook names, in lifecycle order (docs/spec/document-model.md §7.12). */
export const DOC_EVENTS = [
  'before_naming',
  'before_validate',
  'validate',
  'before_insert',
  'after_insert',
  'before_save',
  'on_update',
  'before_submit',
  'on_submit',
  'before_cancel',
  'on_cancel',
  'before_update_after_submit',
  'on_update_after_submit',
  'on_trash',
  'after_delete',
  'on_change',
  'before_rename',
  'after_rename',
] as const;

export type DocEvent = (typeof DOC_EVENTS)[number];
