import { TimestampMismatchError, ValidationError } from '../../core/errors/index.js';
import type { Context } from '../../engine/context.js';
import type { Doc } from '../../engine/doc.js';
import { loadDoc } from '../../engine/store/doc-store.js';
import { getDoc } from '../../engine/document.js';
import { checkPermission } from '../../engine/permissions/index.js';
import { invokeDocMethod, type DocMethodResult } from './frappe-client/run-doc-method.js';
import { assertDoctypeReadable } from '../resource/read-guard.js';
import {
  isPlainObject,
  parseJsonArg,
  parseJsonObject,
  requireString,
} from '../../core/args/arg-values.js';

/**
 * v1 `run_doc_method` / `runserverobj` (docs/spec/api-rest-rpc.md §5.4), the desk's
 * `frm.call`: the document comes as `docs` (the form's copy, possibly
 * unsaved; a stale `modified` is refused) or as `dt` + `dn` (`dn` defaults
 * to `dt` for singles); `args` (or `arg`) is an object spread as keyword
 * arguments or any other value passed as `args`. Needs `read` whatever the verb.
 */
export async function runDocMethodV1(
  ctx: Context,
  args: Record<string, unknown>,
): Promise<DocMethodResult> {
  const method = requireString(args['method'], 'method');
  const doc =
    args['docs'] !== undefined && args['docs'] !== ''
      ? await formCopy(ctx, parseJsonObject(args['docs'], 'docs'))
      : await storedDoc(ctx, args);
  await checkPermission(ctx, doc.doctype, 'read', doc);
  return invokeDocMethod(ctx, doc, method, methodKwargs(args['args'] ?? args['arg']));
}

/**
 * v2 `run_doc_method` (§12.3): `document` (object or JSON), `method`,
 * `kwargs`; GET needs `read`, other verbs `write`.
 */
export async function runDocMethodV2(
  ctx: Context,
  args: Record<string, unknown>,
  writes: boolean,
): Promise<DocMethodResult> {
  const method = requireString(args['method'], 'method');
  const doc = await formCopy(ctx, parseJsonObject(args['document'], 'document'));
  await checkPermission(ctx, doc.doctype, writes ? 'write' : 'read', doc);
  const kwargs = args['kwargs'] === undefined ? {} : parseJsonObject(args['kwargs'], 'kwargs');
  return invokeDocMethod(ctx, doc, method, kwargs);
}

async function storedDoc(ctx: Context, args: Record<string, unknown>): Promise<Doc> {
  const doctype = requireString(args['dt'], 'dt');
  const name = typeof args['dn'] === 'string' && args['dn'] !== '' ? args['dn'] : doctype;
  await assertDoctypeReadable(ctx, doctype);
  return getDoc(ctx, doctype, name);
}

/**
 * The client's copy of a document. A copy of a stored document must carry
 * its current `modified`, as Frappe's `check_if_latest` demands.
 */
async function formCopy(ctx: Context, data: Record<string, unknown>): Promise<Doc> {
  const doctype = requireString(data['doctype'], 'doctype');
  if (!ctx.site.meta.has(doctype)) throw new ValidationError(`DocType ${doctype} not found`);
  await assertDoctypeReadable(ctx, doctype);
  const doc = { ...data, doctype } as Doc;
  if (typeof doc.name !== 'string' || doc.name === '' || doc['__islocal']) return doc;
  const trusted = { ...ctx, flags: { ...ctx.flags, ignorePermissions: true } };
  const stored = await loadDoc(trusted, ctx.site.meta.getMeta(doctype), doc.name);
  if (stored !== null && doc['modified'] !== undefined && doc['modified'] !== stored['modified'])
    throw new TimestampMismatchError(
      'Error: Document has been modified after you have opened it. Please refresh to get the latest document.',
    );
  return doc;
}

/** An object is spread as keyword arguments; any other value reaches the method as `args`. */
function methodKwargs(value: unknown): Record<string, unknown> {
  if (value === undefined || value === null || value === '') return {};
  const parsed = parseJsonArg(value, 'args');
  return isPlainObject(parsed) ? parsed : { args: parsed };
}
