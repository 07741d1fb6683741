import { DoesNotExistError, ValidationError } from '../../core/errors/index.js';
import type { Context } from '../../engine/context.js';
import { getDoc } from '../../engine/document.js';
import { loadSingle } from '../../engine/store/singles.js';
import { getAll, getValue } from '../../engine/query/index.js';
import type { Meta } from '../../model/meta.js';
import { siteUrl } from '../auth/password-reset.js';
import { trusted } from './trusted.js';

type Args = Record<string, unknown>;

/**
 * `frappe.get_last_doc(doctype, filters=None, order_by="creation desc")`:
 * the newest matching document (found without a permission check, as
 * Frappe's `get_all`), read with the same check as `frappe.get_doc`;
 * DoesNotExistError when none matches.
 */
export async function getLastDoc(ctx: Context, args: Args): Promise<unknown> {
  const doctype = typeof args['doctype'] === 'string' ? args['doctype'] : '';
  const orderBy = typeof args['order_by'] === 'string' ? args['order_by'] : 'creation desc';
  const names = (await getAll(ctx, doctype, {
    filters: (args['filters'] ?? {}) as never,
    order_by: orderBy,
    limit_page_length: 1,
    pluck: 'name',
  })) as unknown[];
  if (names.length === 0) throw new DoesNotExistError(`${doctype} not found`);
  return getDoc(ctx, doctype, String(names[0]));
}

/**
 * `frappe.get_meta(doctype)`: the DocType's properties and its fields, as
 * plain data (the sandbox wraps it in a `Meta` with `get_field`,
 * `has_field`, …). Not permission-checked, as in Frappe.
 */
export function getMetaData(ctx: Context, doctype: unknown): Args {
  if (typeof doctype !== 'string' || !ctx.site.meta.has(doctype))
    throw new DoesNotExistError(`DocType ${String(doctype)} not found`);
  const meta: Meta = ctx.site.meta.getMeta(doctype);
  const flag = (value: boolean | undefined) => (value === true ? 1 : 0);
  return {
    name: meta.name,
    module: meta.module,
    autoname: meta.autoname,
    istable: flag(meta.istable),
    issingle: flag(meta.issingle),
    is_submittable: flag(meta.is_submittable),
    is_tree: flag(meta.is_tree),
    is_virtual: flag(meta.is_virtual),
    track_changes: flag(meta.track_changes),
    allow_rename: flag(meta.allow_rename),
    custom: flag(meta.custom),
    sort_field: meta.sort_field,
    sort_order: meta.sort_order,
    title_field: meta.title_field,
    search_fields: meta.search_fields.join(','),
    fields: meta.fields.map((field) => ({
      fieldname: field.fieldname,
      fieldtype: field.fieldtype,
      label: field.label,
      options: field.options,
      reqd: flag(field.reqd),
      unique: flag(field.unique),
      default: field.default,
      read_only: flag(field.read_only),
      hidden: flag(field.hidden),
      permlevel: field.permlevel,
      in_list_view: flag(field.in_list_view),
      fetch_from: field.fetch_from,
    })),
  };
}

/**
 * `frappe.db.get_default(key)`: a global default. Frappe keeps System
 * Settings' values among its global defaults; Cortado has no DefaultValue
 * table, so the key is read from System Settings, None when it has no such field.
 */
export async function getGlobalDefault(ctx: Context, key: unknown): Promise<unknown> {
  if (typeof key !== 'string' || key === '')
    throw new ValidationError('frappe.db.get_default needs a key');
  const settings = 'System Settings';
  if (!ctx.site.meta.has(settings) || ctx.site.meta.getMeta(settings).getField(key) === undefined)
    return null;
  return singleValue(ctx, settings, key);
}

/** `frappe.db.get_single_value(doctype, fieldname)`: a field of a Single DocType, None when unset. */
export async function singleValue(
  ctx: Context,
  doctype: unknown,
  fieldname: unknown,
): Promise<unknown> {
  if (typeof doctype !== 'string' || !ctx.site.meta.has(doctype))
    throw new DoesNotExistError(`DocType ${String(doctype)} not found`);
  const meta = ctx.site.meta.getMeta(doctype);
  if (!meta.issingle) throw new ValidationError(`${doctype} is not a Single DocType`);
  const doc = await loadSingle(ctx, meta);
  return (typeof fieldname === 'string' ? doc[fieldname] : undefined) ?? null;
}

/** `frappe.get_url()`: the site's public base URL. */
export function getUrl(ctx: Context): string {
  return siteUrl(ctx.site);
}

/** `frappe.get_fullname(user=None)`: the user's full name, the user id when it has none. */
export async function getFullname(ctx: Context, user: unknown): Promise<string> {
  const id = typeof user === 'string' && user !== '' ? user : ctx.user;
  const name = await getValue(trusted(ctx), 'User', id, 'full_name', false);
  return typeof name === 'string' && name !== '' ? name : id;
}
