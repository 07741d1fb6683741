import { ValidationError } from '../../core/errors/index.js';
import type { Meta } from '../../model/meta.js';
import { renameDocAuthValues } from '../../platform/db/auth-table.js';
import type { Context } from '../context.js';
import type { Doc } from '../doc.js';
import { runDocEvent } from '../runtime/run-doc-event.js';
import { loadDoc, nameExists } from '../store/doc-store.js';
import { validateName } from '../naming/make-name.js';
import { checkPermission } from '../permissions/has-permission.js';
import { deleteDoc } from './delete-doc.js';
import { loadExisting } from './get-doc.js';

export interface RenameOptions {
  /** Merge into an existing document instead of failing when `newName` is taken. */
  readonly merge?: boolean;
  /** Rename even when the DocType does not allow it. */
  readonly force?: boolean;
}

/**
 * Frappe's `rename_doc` (§13): renames the document, its rows and every
 * Link / Dynamic Link value that points to it, without touching `modified`.
 * With `merge`, links move to the existing target and the old one is deleted.
 */
export async function renameDoc(
  ctx: Context,
  doctype: string,
  oldName: string,
  newName: string,
  options: RenameOptions = {},
): Promise<Doc> {
  const meta = ctx.site.meta.getMeta(doctype);
  const old = await loadDoc(ctx, meta, oldName);
  if (!old)
    throw new ValidationError(
      `Can't rename ${oldName} to ${newName} because ${oldName} doesn't exist.`,
    );
  await runDocEvent(ctx, 'before_rename', old, old);
  const target = validateName(meta, newName);
  await validateRename(ctx, meta, old, target, options);
  if (!options.merge) await moveRow(ctx, meta, oldName, target);
  await updateLinks(ctx, meta, oldName, target);
  if (options.merge) await deleteDoc(ctx, doctype, oldName);
  const renamed = await loadExisting(ctx, doctype, target);
  await runDocEvent(ctx, 'after_rename', renamed, old);
  return renamed;
}

async function validateRename(
  ctx: Context,
  meta: Meta,
  old: Doc,
  target: string,
  options: RenameOptions,
): Promise<void> {
  if (old.name === target)
    throw new ValidationError('No changes made because old and new name are the same.');
  const exists = await nameExists(ctx.uow, meta.tableName, target);
  if (options.merge && !exists)
    throw new ValidationError(
      `${meta.name} ${target} does not exist, select a new target to merge`,
    );
  if (!options.merge && exists)
    throw new ValidationError(
      `Another ${meta.name} with name ${target} exists, select another name`,
    );
  if (ctx.flags.ignorePermissions) return;
  await checkPermission(ctx, meta.name, 'write', old);
  if (!meta.allow_rename && !options.force)
    throw new ValidationError(`${meta.name} not allowed to be renamed`);
}

async function moveRow(ctx: Context, meta: Meta, oldName: string, newName: string): Promise<void> {
  const values: Record<string, string> = { name: newName };
  if (meta.autoname.startsWith('field:')) values[meta.autoname.slice(6).trim()] = newName;
  await ctx.uow.db.updateTable(meta.tableName).set(values).where('name', '=', oldName).execute();
  await renameDocAuthValues(ctx.uow.db, meta.name, oldName, newName);
  for (const field of meta.tableFields) {
    const child = ctx.site.meta.getMeta(field.options);
    await ctx.uow.db
      .updateTable(child.tableName)
      .set({ parent: newName })
      .where('parent', '=', oldName)
      .where('parenttype', '=', meta.name)
      .execute();
  }
}

/** Repoints every Link and Dynamic Link value, Singles included (§13 steps 4–5). */
async function updateLinks(
  ctx: Context,
  meta: Meta,
  oldName: string,
  newName: string,
): Promise<void> {
  for (const source of ctx.site.meta.all()) {
    if (source.is_virtual) continue;
    for (const field of source.linkFields) {
      const dynamic = field.fieldtype === 'Dynamic Link';
      if (!dynamic && field.options !== meta.name) continue;
      if (source.issingle)
        await updateSingleLink(
          ctx,
          source,
          field.fieldname,
          dynamic ? field.options : null,
          meta.name,
          oldName,
          newName,
        );
      else {
        let query = ctx.uow.db
          .updateTable(source.tableName)
          .set({ [field.fieldname]: newName })
          .where(field.fieldname, '=', oldName);
        if (dynamic) query = query.where(field.options, '=', meta.name);
        await query.execute();
      }
    }
  }
}

async function updateSingleLink(
  ctx: Context,
  single: Meta,
  field: string,
  typeField: string | null,
  doctype: string,
  oldName: string,
  newName: string,
) {
  if (typeField) {
    const type = await ctx.uow.db
      .selectFrom('tabSingles')
      .select('value')
      .where('doctype', '=', single.name)
      .where('field', '=', typeField)
      .executeTakeFirst();
    if (type?.value !== doctype) return;
  }
  await ctx.uow.db
    .updateTable('tabSingles')
    .set({ value: newName })
    .where('doctype', '=', single.name)
    .where('field', '=', field)
    .where('value', '=', oldName)
    .execute();
}
