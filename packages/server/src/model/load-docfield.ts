import type { DocFieldJson, DocPermJson } from '@cortado/protocol';
import type { DocField, DocPerm } from './meta.js';
import { flag, integer, text } from './flag.js';

/** A DocField row of a definition with Frappe's meaning of missing keys (docs/spec/document-model.md §1.2). */
export function loadDocField(json: DocFieldJson): DocField {
  return {
    fieldname: text(json.fieldname),
    fieldtype: text(json.fieldtype) || 'Data',
    label: text(json.label),
    options: text(json.options),
    reqd: flag(json.reqd),
    unique: flag(json.unique),
    default:
      json.default === null || json.default === undefined || json.default === ''
        ? null
        : String(json.default),
    read_only: flag(json.read_only),
    hidden: flag(json.hidden),
    length: integer(json.length),
    precision:
      json.precision === undefined || json.precision === '' ? null : integer(json.precision),
    search_index: flag(json.search_index),
    permlevel: integer(json.permlevel),
    set_only_once: flag(json.set_only_once),
    no_copy: flag(json.no_copy),
    allow_on_submit: flag(json.allow_on_submit),
    fetch_from: json.fetch_from ? json.fetch_from : null,
    fetch_if_empty: flag(json.fetch_if_empty),
    ignore_user_permissions: flag(json.ignore_user_permissions),
    non_negative: flag(json.non_negative),
    is_virtual: flag(json.is_virtual),
    in_list_view: flag(json.in_list_view),
    in_standard_filter: flag(json.in_standard_filter),
  };
}

/** A DocPerm row: every right missing from the file is 0, whatever the form default. */
export function loadDocPerm(json: DocPermJson): DocPerm {
  return {
    role: text(json.role),
    permlevel: integer(json.permlevel),
    if_owner: flag(json.if_owner),
    read: flag(json.read),
    write: flag(json.write),
    create: flag(json.create),
    delete: flag(json.delete),
    submit: flag(json.submit),
    cancel: flag(json.cancel),
    amend: flag(json.amend),
    report: flag(json.report),
    export: flag(json.export),
    import: flag(json.import),
    share: flag(json.share),
    print: flag(json.print),
    email: flag(json.email),
    select: flag(json.select),
  };
}
