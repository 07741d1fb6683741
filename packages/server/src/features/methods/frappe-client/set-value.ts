import { ValidationError } from '../../../core/errors/index.js';
import type { Context } from '../../../engine/context.js';
import { setValue } from '../../../engine/document.js';
import { CHILD_FIELDNAMES, STANDARD_FIELDNAMES } from '../../../model/standard-fieldnames.js';
import { clientMethod, WRITE_VERBS } from './client-method.js';
import { isPlainObject, parseJsonOrString, requireString } from '../../../core/args/arg-values.js';

/** Columns `set_value` refuses to touch (Frappe's `default_fields`, §6.5). */
const STANDARD_FIELDS = new Set<string>(['doctype', ...STANDARD_FIELDNAMES, ...CHILD_FIELDNAMES]);

/**
 * `frappe.client.set_value`: one `fieldname`/`value` pair, or a JSON object of
 * values in `fieldname` when `value` is falsy (the v15 rule). Returns the
 * saved document, the parent when a child row was changed.
 */
async function set_value(args: Record<string, unknown>, ctx: Context): Promise<unknown> {
  const doctype = requireString(args['doctype'], 'doctype');
  const name = requireString(args['name'], 'name');
  const values = valuesToSet(args['fieldname'], args['value']);
  if (Object.keys(values).some((field) => STANDARD_FIELDS.has(field))) {
    throw new ValidationError('Cannot edit standard fields');
  }
  return setValue(ctx, doctype, name, values);
}

function valuesToSet(fieldname: unknown, value: unknown): Record<string, unknown> {
  if (value === undefined || value === null || value === '' || value === 0 || value === false) {
    const parsed = parseJsonOrString(fieldname);
    if (isPlainObject(parsed)) return parsed;
  }
  return { [requireString(fieldname, 'fieldname')]: value ?? null };
}

export const setValueMethod = clientMethod('set_value', set_value, WRITE_VERBS);
