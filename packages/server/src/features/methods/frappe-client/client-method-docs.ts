import type { ValueSchema } from '../../../engine/runtime/app-definition.js';

const DOCUMENT: ValueSchema = {
  type: 'object',
  description: 'The document, as the caller may read it.',
};

/**
 * What each `frappe.client.<name>` method does and answers, for the site's
 * OpenAPI document (docs/spec/api-rest-rpc.md §6.5). Parameters stay undeclared: the
 * handlers read and check them in Frappe's own way.
 */
export const CLIENT_METHOD_DOCS: Readonly<
  Record<string, { readonly summary: string; readonly returns?: ValueSchema }>
> = {
  get_list: {
    summary: 'Rows of a DocType the caller may read (`doctype`, `fields`, `filters`, …)',
    returns: { type: 'array', items: {} },
  },
  get_count: {
    summary: 'How many rows of a DocType match `filters`',
    returns: { type: 'integer', minimum: 0 },
  },
  get: { summary: 'One document by `doctype` and `name` (or `filters`)', returns: DOCUMENT },
  get_value: { summary: 'Values of `fieldname` of the first document matching `filters`' },
  get_single_value: { summary: 'One field of a Single DocType' },
  set_value: { summary: 'Set fields of one document and save it', returns: DOCUMENT },
  insert: { summary: 'Insert the document in `doc`', returns: DOCUMENT },
  insert_many: {
    summary: 'Insert the documents in `docs` (at most 200)',
    returns: { type: 'array', description: 'The names inserted.' },
  },
  save: { summary: 'Save the document in `doc`', returns: DOCUMENT },
  rename_doc: { summary: 'Rename a document' },
  submit: { summary: 'Submit the document in `doc`', returns: DOCUMENT },
  cancel: { summary: 'Cancel a submitted document', returns: DOCUMENT },
  delete: { summary: 'Delete a document' },
  bulk_update: {
    summary: 'Update several documents; each succeeds or fails on its own',
    returns: { type: 'object', properties: { failed_docs: { type: 'array' } } },
  },
  has_permission: { summary: 'Whether the caller has a right on a document' },
  get_doc_permissions: { summary: "The caller's rights on a document" },
  validate_link: { summary: 'Whether a Link value exists, with fetched values' },
  attach_file: { summary: 'Attach a file to a document', returns: DOCUMENT },
};
