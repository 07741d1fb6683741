import type { DocField, Meta } from '../../model/meta.js';
import { childRows } from '../store/child-tables.js';
import type { Context } from '../context.js';
import { getDefaultsFor, GLOBAL_DEFAULTS, type DefaultValue } from '../store/defaults.js';
import type { Doc } from '../doc.js';
import type { DocOperation } from '../operation.js';
import { allowedValues, getUserPermissions } from '../permissions/user-permissions.js';

/**
 * Frappe's user and global defaults on a new document (docs/spec/document-model.md §5
 * steps 2–3): an empty Link field whose fieldname has a default (`company`
 * → the user's, else the site's default company) takes it, when User
 * Permissions allow that record and it exists; a field whose default is
 * `:Ref DocType` takes the same-named field of the referenced record — the
 * one the parent document links (for child rows) or the default record of
 * that DocType for the site. Runs after the User Permission defaults, which win, and
 * before the static DocField defaults.
 */
export async function applyUserDefaults(op: DocOperation): Promise<void> {
  if (!op.isNew || op.ctx.flags.inInstall || !op.ctx.site.meta.has('DefaultValue')) return;
  const targets: { meta: Meta; doc: Doc; parent: Doc | null }[] = [
    { meta: op.meta, doc: op.doc, parent: null },
  ];
  for (const { meta, row } of childRows(op))
    if (!row.name) targets.push({ meta, doc: row, parent: op.doc });
  const empty = targets.flatMap(({ meta, doc, parent }) =>
    emptyFields(meta, doc).map((field) => ({ field, doc, parent, doctype: meta.name })),
  );
  if (empty.length === 0) return;
  // A `:Ref DocType` default of a parent document reads the site's default record, as Frappe's.
  const globals = await getDefaultsFor(op.ctx, GLOBAL_DEFAULTS);
  const defaults = { ...globals, ...(await getDefaultsFor(op.ctx, op.ctx.user)) };
  for (const { field, doc, parent, doctype } of empty) {
    const value = (field.default ?? '').startsWith(':')
      ? await referencedDefault(op.ctx, field, parent ?? globals)
      : await allowedDefault(op.ctx, field, defaults[field.fieldname], doctype);
    if (value !== undefined) doc[field.fieldname] = value;
  }
}

function emptyFields(meta: Meta, doc: Doc): DocField[] {
  return meta.valueFields.filter(
    (field) =>
      ((field.fieldtype === 'Link' && field.options !== 'User') ||
        (field.default ?? '').startsWith(':')) &&
      (doc[field.fieldname] === undefined ||
        doc[field.fieldname] === null ||
        doc[field.fieldname] === ''),
  );
}

/** `:Company` on field `abbr`: the `abbr` of the Company named by `source.company`. */
async function referencedDefault(
  ctx: Context,
  field: DocField,
  source: Readonly<Record<string, unknown>>,
): Promise<unknown> {
  const doctype = (field.default ?? '').slice(1).trim();
  if (!ctx.site.meta.has(doctype)) return undefined;
  const target = ctx.site.meta.getMeta(doctype);
  if (target.issingle || target.is_virtual || !target.getField(field.fieldname)) return undefined;
  const linked = source[doctype.toLowerCase().replace(/[ -]/g, '_')];
  const name = Array.isArray(linked) ? linked[0] : linked;
  if (typeof name !== 'string' || name === '') return undefined;
  const row = await ctx.uow.db
    .selectFrom(target.tableName)
    .select(field.fieldname)
    .where('name', '=', name)
    .executeTakeFirst();
  const value = (row as Record<string, unknown> | undefined)?.[field.fieldname];
  return value === null ? undefined : value;
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
