import { DoesNotExistError, PermissionError } from '../../core/errors/index.js';
import type { DocMethod } from './app-definition.js';
import type { Context } from '../context.js';
import { DOC_EVENTS, type Doc } from '../doc.js';
import { markReadable } from '../permissions/read-fields.js';
import { renameDoc } from '../operations/rename-doc.js';
import { cancelDoc, insertDoc, saveDoc } from '../operations/save-doc.js';

/**
 * The methods Frappe whitelists on every Document (`submit`, `cancel`,
 * `rename`, `add_comment`), callable through `run_method`,
 * `run_doc_method` and v2's document methods. A controller's own method of
 * the same name wins. Each one leaves `doc` holding the stored result, so
 * callers can return it in `docs`.
 */
export const BASE_DOC_METHODS: Readonly<Record<string, DocMethod>> = {
  submit: async (doc, _args, ctx) => refresh(doc, await saveDoc(ctx, { ...doc, docstatus: 1 })),
  cancel: async (doc, _args, ctx) =>
    refresh(doc, await cancelDoc(ctx, doc.doctype, String(doc.name))),
  rename: async (doc, args, ctx) => {
    const renamed = await renameDoc(ctx, doc.doctype, String(doc.name), String(args['name']), {
      merge: truthy(args['merge']),
    });
    refresh(doc, renamed);
    return undefined;
  },
  add_comment: addComment,
};

/**
 * Attributes every Frappe Document has but does not whitelist: calling one
 * over HTTP is a 403 `PermissionError`, not a 404 (docs/spec/api-rest-rpc.md §4.6, §5.2).
 */
const DOCUMENT_ATTRIBUTES = new Set<string>([
  ...DOC_EVENTS,
  'db_set',
  'db_get',
  'db_insert',
  'db_update',
  'save',
  'insert',
  'delete',
  'reload',
  'load_from_db',
  'run_method',
  'run_trigger',
  'get',
  'set',
  'append',
  'update',
  'as_dict',
  'as_json',
  'get_valid_dict',
  'check_permission',
  'has_permission',
  'raise_no_permission_to',
  'get_doc_before_save',
  'notify_update',
  'queue_action',
  'lock',
  'unlock',
  'is_new',
  'get_url',
  'get_title',
  'get_signature',
  'get_password',
  'set_new_name',
  'set_onload',
  'get_onload',
  'get_value',
  'get_db_value',
  'validate_value',
  'update_children',
  'update_child_table',
  'add_viewed',
  'add_seen',
]);

/**
 * The whitelisted method `method` of `doctype`'s documents.
 *
 * @throws PermissionError (403) when the name is a Document attribute that is not whitelisted, or private (`_x`).
 * @throws DoesNotExistError (404) when no such method exists.
 */
export function resolveDocMethod(ctx: Context, doctype: string, method: string): DocMethod {
  const own = ctx.site.apps.controller(doctype)?.methods;
  if (own !== undefined && Object.hasOwn(own, method)) return own[method] as DocMethod;
  if (Object.hasOwn(BASE_DOC_METHODS, method)) return BASE_DOC_METHODS[method] as DocMethod;
  if (
    method.startsWith('_') ||
    DOCUMENT_ATTRIBUTES.has(method) ||
    controllerHook(ctx, doctype, method)
  )
    throw new PermissionError(`Method ${method} is not whitelisted for ${doctype}`, {
      title: 'Method Not Allowed',
    });
  throw new DoesNotExistError(`Method ${method} not found on ${doctype}`);
}

/** Whether `method` is a whitelisted method of `doctype`'s documents. */
export function hasDocMethod(ctx: Context, doctype: string, method: string): boolean {
  const own = ctx.site.apps.controller(doctype)?.methods;
  return (
    (own !== undefined && Object.hasOwn(own, method)) || Object.hasOwn(BASE_DOC_METHODS, method)
  );
}

function controllerHook(ctx: Context, doctype: string, method: string): boolean {
  const controller = ctx.site.apps.controller(doctype) as Record<string, unknown> | undefined;
  return controller !== undefined && Object.hasOwn(controller, method);
}

/**
 * Frappe's `Document.add_comment(comment_type, text, comment_email, comment_by)`:
 * a Comment on this document, inserted without a Comment permission check
 * (the caller's right on the document was checked by the dispatcher), and
 * answered whole to the caller who wrote it.
 */
export async function addComment(
  doc: Doc,
  args: Record<string, unknown>,
  ctx: Context,
): Promise<Doc> {
  const commentType = optionalString(args['comment_type']) ?? 'Comment';
  const trusted = { ...ctx, flags: { ...ctx.flags, ignorePermissions: true } };
  const comment = await insertDoc(trusted, {
    doctype: 'Comment',
    comment_type: commentType,
    comment_email: optionalString(args['comment_email']) ?? ctx.user,
    comment_by: optionalString(args['comment_by']) ?? null,
    reference_doctype: doc.doctype,
    reference_name: doc.name,
    content: optionalString(args['text']) ?? commentType,
  });
  return markReadable(comment);
}

function refresh(doc: Doc, stored: Doc): Doc {
  for (const key of Object.keys(doc)) delete doc[key];
  Object.assign(doc, stored);
  return doc;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function truthy(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 'true';
}
