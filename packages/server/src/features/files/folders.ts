import { randomBytes } from 'node:crypto';
import { FolderNotEmpty, ValidationError } from '../../core/errors/index.js';
import type { Context } from '../../engine/context.js';
import type { Doc } from '../../engine/doc.js';
import { insertDoc } from '../../engine/document.js';

export const HOME_FOLDER = 'Home';
export const ATTACHMENTS_FOLDER = 'Home/Attachments';

/**
 * Frappe's File names: a folder is named by its path (`Home/Attachments`),
 * every other File by 10 random lower-case hex characters.
 */
export function fileAutoname(doc: Doc): string {
  if (Number(doc.is_folder) !== 1) return randomBytes(5).toString('hex');
  if (Number(doc.is_home_folder) === 1) return HOME_FOLDER;
  return `${String(doc.folder || HOME_FOLDER)}/${String(doc.file_name)}`;
}

/** A File's folder must be an existing folder File. */
export async function checkFolder(ctx: Context, doc: Doc): Promise<void> {
  if (Number(doc.is_home_folder) === 1) {
    doc.folder = null;
    return;
  }
  const folder = String(doc.folder);
  if (await isFolder(ctx, folder)) return;
  // Sites installed before files existed get the standard folders on first use.
  if (folder === HOME_FOLDER || folder === ATTACHMENTS_FOLDER) return installFileFolders(ctx);
  throw new ValidationError(`Folder ${folder} does not exist`);
}

async function isFolder(ctx: Context, name: string): Promise<boolean> {
  const row = await ctx.uow.db
    .selectFrom('tabFile')
    .select('name')
    .where('name', '=', name)
    .where('is_folder', '=', 1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Home and Home/Attachments stay; a folder with files in it cannot go. */
export async function checkFolderDeletable(ctx: Context, doc: Doc): Promise<void> {
  if (Number(doc.is_folder) !== 1) return;
  if (Number(doc.is_home_folder) === 1 || Number(doc.is_attachments_folder) === 1) {
    throw new ValidationError('Cannot delete Home and Attachments folders');
  }
  const child = await ctx.uow.db
    .selectFrom('tabFile')
    .select('name')
    .where('folder', '=', String(doc.name))
    .executeTakeFirst();
  if (child !== undefined) throw new FolderNotEmpty(`Folder ${String(doc.name)} is not empty`);
}

/** Creates Home and Home/Attachments when missing (site install and migrate). */
export async function installFileFolders(ctx: Context): Promise<void> {
  const trusted: Context = { ...ctx, flags: { ...ctx.flags, ignorePermissions: true } };
  if (!(await isFolder(ctx, HOME_FOLDER))) {
    await insertDoc(trusted, {
      doctype: 'File',
      file_name: HOME_FOLDER,
      is_folder: 1,
      is_home_folder: 1,
    });
  }
  if (!(await isFolder(ctx, ATTACHMENTS_FOLDER))) {
    await insertDoc(trusted, {
      doctype: 'File',
      file_name: 'Attachments',
      folder: HOME_FOLDER,
      is_folder: 1,
      is_attachments_folder: 1,
    });
  }
}
