import { ValidationError } from '../../core/errors/index.js';
import type { Context } from '../../engine/context.js';
import type { Doc } from '../../engine/doc.js';
import {
  cancelDoc,
  deleteDoc,
  getDoc,
  insertDoc,
  renameDoc,
  saveDoc,
  submitDoc,
} from '../../engine/document.js';
import { hasPermission } from '../../engine/permissions/index.js';
import { getAll, getCount, getList, getValue, type ListArgs } from '../../engine/query/index.js';
import { nowDatetime } from '../../engine/store/values.js';
import type { Savepoint } from '../../platform/db/database.js';
import type { BridgeCall, BridgeHandler } from '../../platform/sandbox/script-run.js';
import { escapeSqlLiteral, readOnlySql } from './read-only-sql.js';
import { callFromScript, enqueueFromScript, runScriptByName } from './script-calls.js';
import {
  getFullname,
  getGlobalDefault,
  getLastDoc,
  getMetaData,
  getUrl,
  singleValue,
} from './script-lookups.js';
import { makeScriptRequest, REQUEST_VERBS } from './script-requests.js';
import { trusted } from './trusted.js';

type Args = Record<string, unknown>;
type BridgeMethod = (ctx: Context, args: Args) => Promise<unknown>;

/**
 * The `frappe.*` calls a script makes that need the server, each run in the
 * caller's unit of work as the caller (docs/server-scripts.md lists them).
 * Permission-checked unless the script passes `ignore_permissions=True` or
 * the call is one Frappe never checks (`get_all`, `db.*`).
 */
const METHODS: Readonly<Record<string, BridgeMethod>> = {
  get_doc: async (ctx, { doctype, name }) => {
    const dt = text(doctype, 'doctype');
    if (name !== null && typeof name === 'object')
      return getDoc(ctx, dt, await existingName(ctx, dt, name));
    return getDoc(ctx, dt, text(name, 'name'));
  },
  new_doc: (ctx, { doctype, values }) => {
    const dt = text(doctype, 'doctype');
    ctx.site.meta.getMeta(dt);
    return Promise.resolve({ ...(isObject(values) ? values : {}), doctype: dt, name: null });
  },
  'doc.insert': (ctx, { doc, ignore_permissions }) =>
    insertDoc(withPermissions(ctx, ignore_permissions), withoutEmptyName(document(doc))),
  'doc.save': (ctx, { doc, ignore_permissions }) =>
    saveDoc(withPermissions(ctx, ignore_permissions), withoutEmptyName(document(doc))),
  'doc.submit': async (ctx, { doc }) => {
    const saved = await saveDoc(ctx, withoutEmptyName(document(doc)));
    return submitDoc(ctx, saved.doctype, String(saved.name));
  },
  'doc.cancel': (ctx, { doc }) => {
    const { doctype, name } = document(doc);
    return cancelDoc(ctx, doctype, String(name));
  },
  'doc.delete': (ctx, { doctype, name, ignore_permissions }) =>
    deleteDoc(
      withPermissions(ctx, ignore_permissions),
      text(doctype, 'doctype'),
      text(name, 'name'),
    ),
  delete_doc: (ctx, { doctype, name, ignore_permissions }) =>
    deleteDoc(
      withPermissions(ctx, ignore_permissions),
      text(doctype, 'doctype'),
      text(name, 'name'),
    ),
  rename_doc: (ctx, { doctype, old, new: next }) =>
    renameDoc(ctx, text(doctype, 'doctype'), text(old, 'old'), text(next, 'new')),
  get_list: (ctx, { doctype, ...args }) => getList(ctx, text(doctype, 'doctype'), listArgs(args)),
  get_all: (ctx, { doctype, ...args }) => getAll(ctx, text(doctype, 'doctype'), listArgs(args)),
  has_permission: async (ctx, { doctype, ptype, doc }) => {
    const dt = text(doctype, 'doctype');
    const stored =
      isObject(doc) || typeof doc === 'string' ? await docFor(ctx, dt, doc) : undefined;
    return hasPermission(ctx, dt, (ptype as never) ?? 'read', stored);
  },
  'db.get_value': async (ctx, { doctype, filters, fieldname, as_dict }) => {
    const fields = fieldname ?? 'name';
    const value = await getValue(
      trusted(ctx),
      text(doctype, 'doctype'),
      filters ?? doctype,
      fields as never,
      true,
    );
    if (value === undefined) return null;
    if (as_dict === true || !Array.isArray(fields))
      return as_dict === true ? value : (value as Args)[String(fields)];
    return fields.map((field) => (value as Args)[String(field)]);
  },
  'db.get_single_value': (ctx, { doctype, fieldname }) => singleValue(ctx, doctype, fieldname),
  'db.exists': async (ctx, { doctype, name }) => {
    const dt = text(doctype, 'doctype');
    const filters = name === undefined || name === null ? {} : name;
    return (await getValue(trusted(ctx), dt, filters, 'name', false)) ?? null;
  },
  'db.count': (ctx, { doctype, filters }) =>
    getCount(trusted(ctx), text(doctype, 'doctype'), { filters: filters ?? {} }),
  'db.set_value': (ctx, { doctype, name, fieldname, value, values }) =>
    setValues(
      ctx,
      text(doctype, 'doctype'),
      name,
      isObject(values)
        ? values
        : isObject(fieldname)
          ? fieldname
          : { [text(fieldname, 'fieldname')]: value },
    ),
  'db.escape': (ctx, { value }) => Promise.resolve(escapeSqlLiteral(ctx.uow.dialect.type, value)),
  'db.sql': (ctx, { query, values, as_dict }) =>
    readOnlySql(ctx, query, values, as_dict === true || as_dict === 1),
  call: (ctx, { method, ...kwargs }) => callFromScript(ctx, text(method, 'method'), kwargs),
  run_script: (ctx, { script }) => runScriptByName(ctx, text(script, 'script')),
  enqueue: (ctx, args) => enqueueFromScript(ctx, args),
  get_last_doc: (ctx, args) => getLastDoc(ctx, args),
  get_meta: (ctx, { doctype }) => Promise.resolve(getMetaData(ctx, doctype)),
  'db.get_default': (ctx, { key }) => getGlobalDefault(ctx, key),
  get_url: (ctx) => Promise.resolve(getUrl(ctx)),
  get_fullname: (ctx, { user }) => getFullname(ctx, user),
  ...Object.fromEntries(
    REQUEST_VERBS.map((verb) => [
      `make_request.${verb}`,
      (ctx: Context, args: Args) => makeScriptRequest(ctx, verb, args),
    ]),
  ),
  log_error: async (ctx, { title, message }) => {
    await insertDoc(trusted(ctx), {
      doctype: 'Error Log',
      method: title === undefined || title === null ? 'Server Script Error' : String(title),
      error: message === undefined || message === null ? '' : String(message),
    });
    return null;
  },
};

/** Calls that never write, so they need no savepoint for `frappe.db.rollback()`. */
const READS = new Set([
  'get_doc',
  'new_doc',
  'get_list',
  'get_all',
  'get_last_doc',
  'get_meta',
  'has_permission',
  'db.get_value',
  'db.get_single_value',
  'db.get_default',
  'db.exists',
  'db.count',
  'db.escape',
  'db.sql',
  'get_url',
  'get_fullname',
  ...REQUEST_VERBS.map((verb) => `make_request.${verb}`),
]);

/** What the caller of a run wants to hear about. */
export interface BridgeHooks {
  /**
   * `frappe.db.commit()`: the unit of work commits when the request or job
   * ends, so the call only tells the caller that the script wants its writes
   * kept (it makes a GET's writes persist, as in Frappe).
   */
  readonly onCommit?: () => void;
  /** The run is a document's event: it may neither commit nor roll back (§B5). */
  readonly inDocumentEvent?: boolean;
}

/**
 * The bridge for one script run in `ctx` (and the scripts it calls).
 * `frappe.db.rollback()` undoes what the run wrote since it began or since
 * its last `frappe.db.commit()`: the bridge takes a savepoint before the
 * first call that may write, so a script that only reads costs no statement.
 */
export function scriptBridge(ctx: Context, hooks: BridgeHooks = {}): BridgeHandler {
  let savepoint: Savepoint | undefined;
  return async (call: BridgeCall) => {
    if ((call.method === 'db.commit' || call.method === 'db.rollback') && hooks.inDocumentEvent)
      throw new ValidationError(`frappe.${call.method} is not available in DocType Event scripts`);
    if (call.method === 'db.commit') {
      hooks.onCommit?.();
      savepoint = undefined;
      return null;
    }
    if (call.method === 'db.rollback') {
      await savepoint?.rollback();
      return null;
    }
    const method = Object.hasOwn(METHODS, call.method) ? METHODS[call.method] : undefined;
    if (method === undefined)
      throw new ValidationError(`frappe.${call.method} is not available to Server Scripts`);
    if (savepoint === undefined && !READS.has(call.method)) savepoint = await ctx.uow.savepoint();
    return method(ctx, call.args);
  };
}

function withPermissions(ctx: Context, ignore: unknown): Context {
  return ignore === true || ignore === 1 ? trusted(ctx) : ctx;
}

function text(value: unknown, name: string): string {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  throw new ValidationError(`${name} is required`);
}

function isObject(value: unknown): value is Args {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function document(value: unknown): Doc {
  if (!isObject(value) || typeof value['doctype'] !== 'string')
    throw new ValidationError('a document needs its doctype');
  return value as Doc;
}

function withoutEmptyName(doc: Doc): Doc {
  if (doc.name !== null && doc.name !== undefined && doc.name !== '') return doc;
  const { name: _unused, ...rest } = doc;
  return rest as Doc;
}

async function existingName(ctx: Context, doctype: string, filters: unknown): Promise<string> {
  const name = await getValue(trusted(ctx), doctype, filters, 'name', false);
  if (name === undefined) return text(undefined, `a ${doctype} matching the filters`);
  return String(name);
}

async function docFor(ctx: Context, doctype: string, doc: unknown): Promise<Doc> {
  if (typeof doc === 'string') return getDoc(trusted(ctx), doctype, doc);
  return document({ ...(doc as Args), doctype });
}

function listArgs(args: Args): ListArgs {
  const { limit, ...rest } = args;
  return {
    ...(rest as ListArgs),
    ...(limit === undefined ? {} : { limit_page_length: limit as number }),
  };
}

/**
 * `frappe.db.set_value`: writes columns directly, without the document's
 * validation or permission checks, as Frappe does; the field names are
 * checked against the DocType first.
 */
async function setValues(
  ctx: Context,
  doctype: string,
  name: unknown,
  values: Args,
): Promise<null> {
  const meta = ctx.site.meta.getMeta(doctype);
  for (const field of Object.keys(values)) {
    if (meta.getField(field) === undefined && field !== 'modified' && field !== 'modified_by')
      throw new ValidationError(`Field ${field} does not exist on ${doctype}`);
  }
  const changes: Args = { modified: nowDatetime(), modified_by: ctx.user, ...values };
  await ctx.uow.db
    .updateTable(meta.tableName)
    .set(changes)
    .where('name', '=', text(name, 'name'))
    .execute();
  return null;
}
