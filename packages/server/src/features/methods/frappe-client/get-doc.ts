import { DoesNotExistError } from '../../../core/errors/index.js';
import type { Context } from '../../../engine/context.js';
import { getValue } from '../../../engine/query/index.js';
import { clientMethod } from './client-method.js';
import { omitNulls } from '../../resource/omit-nulls.js';
import { getReadableDoc } from '../../resource/read-guard.js';
import { isBlank, parseJsonOrString, requireString } from '../../../core/args/arg-values.js';

/**
 * `frappe.client.get`: by `name`, or the first record matching `filters`, or
 * the Single document when neither is given. Returned as a document object,
 * so nulls are left out.
 */
async function get(args: Record<string, unknown>, ctx: Context): Promise<Record<string, unknown>> {
  const doctype = requireString(args['doctype'], 'doctype');
  // A name may be a number (autoincrement DocTypes), so it is read as requireString reads it.
  const name = isBlank(args['name'])
    ? await nameFromFilters(ctx, doctype, args['filters'])
    : requireString(args['name'], 'name');
  return omitNulls(await getReadableDoc(ctx, doctype, name));
}

async function nameFromFilters(ctx: Context, doctype: string, filters: unknown): Promise<string> {
  const parsed = parseJsonOrString(filters);
  if (isBlank(parsed)) return doctype;
  const name = await getValue(ctx, doctype, parsed, 'name', false);
  if (typeof name !== 'string') throw new DoesNotExistError(`${doctype} not found`);
  return name;
}

export const getMethod = clientMethod('get', get);
