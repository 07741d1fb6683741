import { DoesNotExistError, PermissionError } from '../../../core/errors/index.js';
import type { WhitelistedMethod } from '../../../engine/runtime/app-definition.js';
import type { Context } from '../../../engine/context.js';
import type { Doc } from '../../../engine/doc.js';
import { MethodResponse } from '../../../engine/runtime/method-response.js';
import { loadExisting } from '../../../engine/operations/get-doc.js';
import { hasPermission, markReadable } from '../../../engine/permissions/index.js';
import { getReadableDoc } from '../../resource/read-guard.js';
import { parseBool, optionalString, requireString } from '../../../core/args/arg-values.js';
import { getDocinfo } from './docinfo.js';
import { getUserSettings } from './user-settings.js';

/**
 * The desk form's loaders (docs/spec/api-rest-rpc.md §6): `frappe.desk.form.load.getdoc`
 * (the document in `docs`, its side information in `docinfo`),
 * `.get_docinfo` (only the latter) and `.getdoctype` (the DocType record
 * and its child tables' records in `docs`).
 */
const PATH = 'frappe.desk.form.load';

/** Rights that let a user work with a DocType's form or list, and so read its definition. */
const META_RIGHTS = ['read', 'select', 'create', 'write'] as const;

/**
 * `getdoc`: Frappe answers a missing document (or DocType) with an empty
 * `message` list rather than an error, so the form shows "not found"; a
 * document the user may not read is a 403.
 */
async function getdoc(args: Record<string, unknown>, ctx: Context): Promise<unknown> {
  const doctype = requireString(args['doctype'], 'doctype');
  const name = requireString(args['name'], 'name');
  if (!ctx.site.meta.has(doctype)) return [];
  let doc: Doc;
  try {
    doc = await getReadableDoc(ctx, doctype, name);
  } catch (error) {
    if (error instanceof DoesNotExistError) return [];
    throw error;
  }
  const docinfo = await getDocinfo(ctx, doc);
  return new MethodResponse({ docs: [{ ...doc, __onload: {} }], docinfo });
}

/** `get_docinfo`: the side information alone, for a document the user may read. */
async function getDocinfoMethod(args: Record<string, unknown>, ctx: Context): Promise<unknown> {
  const doctype = requireString(args['doctype'], 'doctype');
  const name = requireString(args['name'], 'name');
  const doc = await getReadableDoc(ctx, doctype, name);
  return new MethodResponse({ docinfo: await getDocinfo(ctx, doc) });
}

/**
 * `getdoctype`: the definition bundle the desk builds a form from. With
 * `with_parent` a child table's parent is sent instead (and named in
 * `parent_dt`); `user_settings` is the user's settings for it, as JSON text
 * (`frappe.model.user_settings.*`); a `cached_timestamp` equal to the definition's `modified`
 * answers `"use_cache"`. Frappe hands any DocType's definition to any
 * logged-in user; we ask for some right on the DocType (docs/spec/DECISIONS.md rule 3).
 */
async function getdoctype(args: Record<string, unknown>, ctx: Context): Promise<unknown> {
  const requested = requireString(args['doctype'], 'doctype');
  if (!ctx.site.meta.has(requested)) throw new DoesNotExistError(`DocType ${requested} not found`);
  const parent = parseBool(args['with_parent'], 'with_parent', false)
    ? parentOf(ctx, requested)
    : undefined;
  const doctype = parent ?? requested;
  await assertMetaReadable(ctx, doctype);
  const docs = await metaBundle(ctx, doctype);
  const keys: Record<string, unknown> = {
    user_settings: await getUserSettings(ctx, doctype),
    ...(parent === undefined ? {} : { parent_dt: parent }),
  };
  const cached = optionalString(args['cached_timestamp'], 'cached_timestamp');
  if (cached !== undefined && cached === docs[0]?.['modified'])
    return new MethodResponse(keys, 'use_cache');
  return new MethodResponse({ ...keys, docs });
}

async function assertMetaReadable(ctx: Context, doctype: string): Promise<void> {
  if (ctx.site.meta.getMeta(doctype).istable) return;
  for (const right of [...META_RIGHTS]) if (await hasPermission(ctx, doctype, right)) return;
  if (await hasPermission(ctx, 'DocType', 'read')) return;
  throw new PermissionError(`Insufficient Permission for ${doctype}`);
}

/** The first DocType that has `doctype` as a child table, if it is one. */
function parentOf(ctx: Context, doctype: string): string | undefined {
  if (!ctx.site.meta.getMeta(doctype).istable) return undefined;
  return ctx.site.meta
    .all()
    .find((meta) => !meta.istable && meta.tableFields.some((field) => field.options === doctype))
    ?.name;
}

/** The DocType record, then one record per child table it holds. */
async function metaBundle(ctx: Context, doctype: string): Promise<Doc[]> {
  const meta = ctx.site.meta.getMeta(doctype);
  const names = [doctype, ...new Set(meta.tableFields.map((field) => field.options))];
  const bundle: Doc[] = [];
  for (const name of names) {
    if (!ctx.site.meta.has(name)) continue;
    const record = await loadExisting(ctx, 'DocType', name);
    // The definition is what the caller was allowed above, whatever DocType's own rules say.
    bundle.push(markReadable({ ...record, __print_formats: [], __workflow_docs: [] }));
  }
  return bundle;
}

export const FORM_LOAD_METHODS: readonly WhitelistedMethod[] = [
  { path: `${PATH}.getdoc`, methods: ['GET', 'POST'], handler: getdoc },
  { path: `${PATH}.get_docinfo`, methods: ['GET', 'POST'], handler: getDocinfoMethod },
  { path: `${PATH}.getdoctype`, methods: ['GET', 'POST'], handler: getdoctype },
];
