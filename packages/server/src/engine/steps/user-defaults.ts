import type { DocField, Meta } from '../../model/meta.js';
import { childRows } from '../child-tables.js';
import type { Context } from '../context.js';
import { getDefaults, type DefaultValue } from '../defaults.js';
import type { Doc } from '../doc.js';
import type { DocOperation } from '../operation.js';
import { allowedValues, getUserPermissions } from '../permissions/user-permissions.js';

/**
 * Frappe's user and global defaults on a new document (document-model §5
 * step 2): an empty Link field whose fieldname has a default (`company` →
 * the user's, else the site's default company) takes it, when User
 * Permissions allow that record and it exists. Runs after the User
 * Permission defaults, which win, and before the static DocField defaults.
 */
export async function applyUserDefaults(op: DocOperation): Promise<void> {
  if (!op.isNew || op.ctx.flags.inInstall || !op.ctx.site.meta.has('DefaultValue')) return;
  const targets: { meta: Meta; doc: Doc }[] = [{ meta: op.meta, doc: op.doc }];
  for (const { meta, row } of childRows(op)) if (!row.name) targets.push({ meta, doc: row });
  const empty = targets.flatMap(({ meta, doc }) =>
    emptyLinks(meta, doc).map((field) => ({ field, doc, doctype: meta.name })),
  );
  if (empty.length === 0) return;
  const defaults = await getDefaults(op.ctx);
  for (const { field, doc, doctype } of empty) {
    const value = await allowedDefault(op.ctx, field, defaults[field.fieldname], doctype);
    if (value !== undefined) doc[field.fieldname] = value;
  }
}

function emptyLinks(meta: Meta, doc: Doc): DocField[] {
  return meta.valueFields.filter(
    (field) =>
      field.fieldtype === 'Link' &&
      field.options !== 'User' &&
      (doc[field.fieldname] === undefined ||
        doc[field.fieldname] === null ||
        doc[field.fieldname] === ''),
  );
}

async function allowedDefault(
  ctx: Context,
  field: DocField,
  value: DefaultValue | undefined,
  doctype: string,
): Promise<string | undefined> {
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined || first === '' || !ctx.site.meta.has(field.options)) return undefined;
  if (!field.ignore_user_permissions) {
    const allowed = allowedValues(await getUserPermissions(ctx), field.options, doctype);
    if (allowed.length > 0 && !allowed.includes(first)) return undefined;
  }
  const target = ctx.site.meta.getMeta(field.options);
  if (target.issingle || target.is_virtual) return undefined;
  const row = await ctx.uow.db
    .selectFrom(target.tableName)
    .select('name')
    .where('name', '=', first)
    .executeTakeFirst();
  return row === undefined ? undefined : String(row.name);
}
