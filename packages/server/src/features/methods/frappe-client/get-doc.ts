import { DoesNotExistError } from '../../../core/errors/index.js';
import type { Context } from '../../../engine/context.js';
import { getValue } from '../../../engine/query/index.js';
import { clientMethod } from './client-method.js';
import { omitNulls } from '../../resource/omit-nulls.js';
import { getReadableDoc } from '../../resource/read-guard.js';
import { optionalString, parseJsonOrString, requireString } from '../../../core/args/arg-values.js';

/**
 * `frappe.client.get`: by `name`, or the first record matching `filters`, or
 * the Single document when neither is given. Returned as a document object,
 * so nulls are left out.
 */
async function get(args: Record<string, unknown>, ctx: Context): Promise<Record<string, unknown>> {
  const doctype = requireString(args['doctype'], 'doctype');
  const name =
    optionalString(args['name'], 'name') ?? (await nameFromFilters(ctx, doctype, args['filters']));
  return omitNulls(await getReadableDoc(ctx, doctype, name));
}

async function nameFromFilters(ctx: Context, doctype: string, filters: unknown): Promise<string> {
  const parsed = parseJsonOrString(filters);
  if (parsed === undefined || parsed === null || parsed === '') return doctype;
  const name = await getValue(ctx, doctype, parsed, 'name', false);
  if (typeof name !== 'string') throw new DoesNotExistError(`${doctype} not found`);
  return name;
}

export const getMethod = clientMethod('get', get);
