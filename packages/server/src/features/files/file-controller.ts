import { ValidationError } from '../../core/errors/index.js';
import type { Controller } from '../../engine/runtime/app-definition.js';
import type { Doc } from '../../engine/doc.js';
import { normalizeAttachedTo } from './attached-to.js';
import { commentAttachmentAdded, commentAttachmentRemoved } from './attachment-comments.js';
import { checkAttachmentLimit } from './attachment-limit.js';
import { changePrivacy } from './change-privacy.js';
import { checkFolder, checkFolderDeletable, fileAutoname } from './folders.js';
import { prepareNewFile } from './new-file.js';
import { removeUnreferencedContent } from './remove-content.js';

/**
 * Controller of the File DocType: bytes in storage, the row as their index
 * (docs/spec/files.md §4–§11). Bytes written in a request are removed again when its
 * transaction rolls back; bytes of deleted rows go after the commit.
 */
export const fileController: Controller = {
  autoname: (doc) => fileAutoname(doc),
  async before_insert(doc, { ctx }) {
    normalizeAttachedTo(doc);
    if (Number(doc.is_folder) !== 1 && !doc.folder) doc.folder = 'Home';
    if (Number(doc.is_home_folder) !== 1) await checkFolder(ctx, doc);
    await checkAttachmentLimit(ctx, doc);
    await prepareNewFile(ctx, doc);
  },
  async after_insert(doc, { ctx }) {
    await commentAttachmentAdded(ctx, doc);
  },
  async validate(doc, { ctx, before }) {
    if (before === null) return;
    normalizeAttachedTo(doc);
    keepStoredFacts(doc, before);
    await changePrivacy(ctx, doc, before);
  },
  async on_trash(doc, { ctx }) {
    await checkFolderDeletable(ctx, doc);
  },
  async after_delete(doc, { ctx }) {
    await commentAttachmentRemoved(ctx, doc);
    await removeUnreferencedContent(ctx, doc, doc.file_url);
  },
};

/**
 * An existing File cannot be re-pointed: a new `file_url` would let a user
 * reach bytes of a private file through a row they own. Size and hash
 * describe the stored bytes and stay as they are.
 */
function keepStoredFacts(doc: Doc, before: Doc): void {
  if ((doc.file_url ?? null) !== (before.file_url ?? null)) {
    throw new ValidationError('The file URL of a File cannot be changed: upload the file again');
  }
  doc.content_hash = before.content_hash ?? null;
  doc.file_size = before.file_size ?? null;
}
