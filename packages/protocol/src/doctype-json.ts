/**
 * The DocType definition format, as Frappe writes it to `<doctype>.json`.
 * Files are sparse: a missing flag means 0, and unknown keys are tolerated.
 *
 * @example
 * const todo: DocTypeJson = { doctype: 'DocType', name: 'ToDo', module: 'Desk', fields: [] };
 */
export type Flag = 0 | 1 | boolean;

/** One element of `fields`. */
export interface DocFieldJson {
  fieldname?: string;
  fieldtype?: string;
  label?: string;
  options?: string | null;
  reqd?: Flag;
  unique?: Flag;
  default?: string | number | null;
  read_only?: Flag;
  hidden?: Flag;
  length?: number;
  precision?: string | number;
  search_index?: Flag;
  permlevel?: number;
  set_only_once?: Flag;
  no_copy?: Flag;
  allow_on_submit?: Flag;
  fetch_from?: string;
  fetch_if_empty?: Flag;
  ignore_user_permissions?: Flag;
  non_negative?: Flag;
  is_virtual?: Flag;
  in_list_view?: Flag;
  in_standard_filter?: Flag;
  not_nullable?: Flag;
  [key: string]: unknown;
}

/** One element of `permissions`. */
export interface DocPermJson {
  role?: string;
  permlevel?: number;
  if_owner?: Flag;
  read?: Flag;
  write?: Flag;
  create?: Flag;
  delete?: Flag;
  submit?: Flag;
  cancel?: Flag;
  amend?: Flag;
  report?: Flag;
  export?: Flag;
  import?: Flag;
  share?: Flag;
  print?: Flag;
  email?: Flag;
  select?: Flag;
  [key: string]: unknown;
}

/** A whole DocType definition. */
export interface DocTypeJson {
  doctype?: 'DocType' | string;
  name: string;
  module?: string;
  fields?: DocFieldJson[];
  field_order?: string[];
  permissions?: DocPermJson[];
  autoname?: string | null;
  naming_rule?: string;
  istable?: Flag;
  issingle?: Flag;
  is_submittable?: Flag;
  is_tree?: Flag;
  is_virtual?: Flag;
  track_changes?: Flag;
  sort_field?: string;
  sort_order?: string;
  title_field?: string;
  search_fields?: string;
  allow_rename?: Flag;
  custom?: Flag;
  modified?: string;
  [key: string]: unknown;
}
