import { readFile } from 'node:fs/promises';
import { DoesNotExistError, PermissionError, ValidationError } from '../../core/errors/index.js';
import type { Context } from '../../engine/context.js';
import type { Doc } from '../../engine/doc.js';
import { loadDoc } from '../../engine/store/doc-store.js';
import { insertDoc } from '../../engine/document.js';
import { checkPermission } from '../../engine/permissions/index.js';
import { readFileSettings, type FileSettings } from './file-settings.js';
import { isRestrictedUploadAllowed } from './mime.js';
import { optimizeImage, optimizeRequestOf } from './optimize-image.js';
import type { StagedContent } from './staged-content.js';

/** One `upload_file` request, transport already done: the plain fields and the staged `file` part. */
export interface UploadRequest {
  readonly fields: Readonly<Record<string, unknown>>;
  /** The `file` part's bytes, when one was sent. */
  readonly staged: StagedContent | null;
  /** The `file` part's own file name (it wins over `file_name`). */
  readonly partFileName: string | null;
}

const RESTRICTED_MESSAGE = 'You can only upload JPG, PNG, PDF, TXT, CSV or Microsoft documents.';

/**
 * Frappe's `upload_file` after the body is read (docs/spec/files.md §2.1): Guests only
 * when the site allows it; write permission on the target document; the
 * short type list for Guests and Website Users; then a File is inserted.
 */
export async function uploadFile(ctx: Context, request: UploadRequest): Promise<Doc> {
  const { runAs, values } = await checkUpload(ctx, request.fields, {
    fileName: request.partFileName,
    hasContent: request.staged !== null,
  });
  const optimize = optimizeRequestOf(request.fields);
  const content =
    request.staged !== null && optimize !== null
      ? await optimizeImage(ctx, request.staged, String(values.file_name ?? ''), optimize)
      : request.staged;
  try {
    return await insertDoc(runAs, { ...values, content });
  } finally {
    // An optimised copy is this function's own staging file; the caller discards the original.
    if (content !== request.staged) await content?.discard();
  }
}

/** What a `method` named in `upload_file` receives in its arguments instead of a File being made. */
export interface UploadHandoff {
  /** The (optimised) bytes, or null when only a URL was sent. */
  readonly uploaded_file: Buffer | null;
  readonly uploaded_filename: string | null;
  readonly uploaded_file_url: string | null;
}

/**
 * `upload_file` with `method` (docs/spec/files.md §2.1 step 7): the same checks, then
 * the upload is handed to the method as arguments and no File is made.
 * The bytes are read into memory, as Frappe does, within the size limit.
 */
export async function prepareUploadHandoff(
  ctx: Context,
  request: UploadRequest,
): Promise<UploadHandoff> {
  const { values } = await checkUpload(ctx, request.fields, {
    fileName: request.partFileName,
    hasContent: request.staged !== null,
  });
  const fileName = values.file_name === null ? null : String(values.file_name ?? '') || null;
  const optimize = optimizeRequestOf(request.fields);
  const content =
    request.staged !== null && optimize !== null
      ? await optimizeImage(ctx, request.staged, fileName ?? '', optimize)
      : request.staged;
  try {
    return {
      uploaded_file: content === null ? null : await readFile(content.path),
      uploaded_filename: fileName,
      uploaded_file_url: values.file_url === null ? null : String(values.file_url ?? '') || null,
    };
  } finally {
    if (content !== request.staged) await content?.discard();
  }
}

/** The File an upload would insert, and the context to insert it in. */
export interface CheckedUpload {
  /** The caller, or a Guest allowed to upload, with permission checks skipped. */
  readonly runAs: Context;
  readonly values: Doc;
}

/**
 * Every check of `upload_file` that needs no bytes: the uploader, write
 * permission on the target document, the short type list for Guests and
 * Website Users. Resumable uploads run it before accepting the first byte.
 */
export async function checkUpload(
  ctx: Context,
  fields: Readonly<Record<string, unknown>>,
  content: { readonly fileName: string | null; readonly hasContent: boolean },
): Promise<CheckedUpload> {
  const isGuest = ctx.user === 'Guest';
  const settings = await readFileSettings(ctx);
  assertUploaderAllowed(ctx.user, settings);
  const runAs: Context = isGuest
    ? { ...ctx, flags: { ...ctx.flags, ignorePermissions: true } }
    : ctx;
  const values: Record<string, unknown> = {
    file_name: content.fileName ?? text(fields.file_name),
    file_url: text(fields.file_url),
    is_private: Number.parseInt(text(fields.is_private) ?? '0', 10) === 1 ? 1 : 0,
    folder: text(fields.folder) ?? 'Home',
  };
  await copyLibraryFile(ctx, text(fields.library_file_name), values);
  const doctype = text(fields.doctype);
  const docname = text(fields.docname);
  if (!isGuest) await checkWritePermission(ctx, doctype, docname);
  const isDeskUser = ctx.user === 'Administrator' || ctx.roles.has('Desk User');
  const checkedName = values.file_name ?? values.file_url;
  if (content.hasContent && !isDeskUser && !isRestrictedUploadAllowed(String(checkedName ?? ''))) {
    throw new ValidationError(RESTRICTED_MESSAGE);
  }
  return {
    runAs,
    values: {
      doctype: 'File',
      ...values,
      attached_to_doctype: docname === null ? null : doctype,
      attached_to_name: docname,
      attached_to_field: text(fields.fieldname),
    },
  };
}

/** Guests upload only when System Settings `allow_guests_to_upload_files` is on (403 otherwise). */
export function assertUploaderAllowed(user: string, settings: FileSettings): void {
  if (user === 'Guest' && !settings.allowGuestsToUpload) {
    throw new PermissionError('Guests are not allowed to upload files');
  }
}

/** `library_file_name`: re-use an existing File the user may read (v15+). */
async function copyLibraryFile(
  ctx: Context,
  name: string | null,
  values: Record<string, unknown>,
): Promise<void> {
  if (name === null) return;
  const file = await loadDoc(ctx, ctx.site.meta.getMeta('File'), name);
  if (file === null) throw new DoesNotExistError(`File ${name} not found`);
  await checkPermission(ctx, 'File', 'read', file);
  Object.assign(values, {
    is_private: file.is_private,
    file_url: file.file_url,
    file_name: file.file_name,
  });
}

/** v16: write on the document, on a new one when it does not exist yet, on the DocType without a name. */
async function checkWritePermission(
  ctx: Context,
  doctype: string | null,
  docname: string | null,
): Promise<void> {
  if (doctype === null) return;
  if (!ctx.site.meta.has(doctype)) throw new DoesNotExistError(`DocType ${doctype} not found`);
  const meta = ctx.site.meta.getMeta(doctype);
  const doc = docname === null ? null : await loadDoc(ctx, meta, docname);
  if (doc !== null) return checkPermission(ctx, doctype, 'write', doc);
  return checkPermission(ctx, doctype, 'write');
}

function text(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const s = String(value).trim();
  return s === '' ? null : s;
}
