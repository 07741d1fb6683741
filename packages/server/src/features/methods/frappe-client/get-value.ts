import { ValidationError } from '../../../core/errors/index.js';
import type { Context } from '../../../engine/context.js';
import { getValue } from '../../../engine/query/index.js';
import { clientMethod } from './client-method.js';
import {
  optionalString,
  parseBool,
  parseJsonOrString,
  requireString,
} from '../../../core/args/arg-values.js';
import { getReadableDoc } from '../../resource/read-guard.js';

/**
 * `frappe.client.get_value`: `fieldname` is one name or a JSON list,
 * `filters` a JSON filter or a plain document name. With `as_dict` (the
 * default) no match is `{}`; otherwise a scalar for one field, an array for
 * several, null for no match (docs/spec/api-rest-rpc.md §6.5).
 */
async function get_value(args: Record<string, unknown>, ctx: Context): Promise<unknown> {
  const doctype = requireString(args['doctype'], 'doctype');
  const fieldnames = parseFieldnames(args['fieldname']);
  const asDict = parseBool(args['as_dict'], 'as_dict', true);
  const filters = parseJsonOrString(args['filters'] ?? doctype);
  const parent = optionalString(args['parent'], 'parent');
  const value = await getValue(
    ctx,
    doctype,
    filters,
    fieldnames,
    asDict,
    parent === undefined ? {} : { parent },
  );
  if (asDict) return value ?? {};
  return value ?? null;
}

/** `frappe.client.get_single_value`: one field of a Single DocType. */
async function get_single_value(args: Record<string, unknown>, ctx: Context): Promise<unknown> {
  const doctype = requireString(args['doctype'], 'doctype');
  const field = requireString(args['field'], 'field');
  const meta = ctx.site.meta.getMeta(doctype);
  if (!meta.issingle) throw new ValidationError(`${doctype} is not a Single DocType`);
  if (meta.getField(field) === undefined) throw new ValidationError(`Invalid field name ${field}`);
  return (await getReadableDoc(ctx, doctype, doctype))[field] ?? null;
}

function parseFieldnames(value: unknown): string | string[] {
  const parsed = parseJsonOrString(value ?? 'name');
  if (typeof parsed === 'string') return parsed;
  if (
    Array.isArray(parsed) &&
    parsed.length > 0 &&
    parsed.every((name) => typeof name === 'string')
  )
    return parsed;
  throw new ValidationError(
    "Argument 'fieldname' must be a field name or a JSON list of field names",
  );
}

export const getValueMethod = clientMethod('get_value', get_value);
export const getSingleValueMethod = clientMethod('get_single_value', get_single_value);
