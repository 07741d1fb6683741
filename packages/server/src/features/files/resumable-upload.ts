import type { Context } from '../../engine/context.js';
import type { Doc } from '../../engine/doc.js';
import { checkAttachmentLimit } from './attachment-limit.js';
import { readFileSettings } from './file-settings.js';
import { checkContent } from './new-file.js';
import type { StagedContent } from './staged-content.js';
import { checkUpload, uploadFile } from './upload-file.js';

/** `Upload-Metadata` of a tus upload, decoded. */
export type ResumableMetadata = Readonly<Record<string, string | null | undefined>>;

/** The metadata key where the server records who created an upload. */
export const RESUMABLE_OWNER_KEY = 'owner';

/** Fields of `upload_file` a resumable upload takes from its metadata; bytes only, no `file_url`. */
const UPLOAD_FIELDS = [
  'doctype',
  'docname',
  'fieldname',
  'is_private',
  'folder',
  'optimize',
  'max_width',
  'max_height',
];

/**
 * Before a resumable upload accepts its first byte: every rule of
 * `upload_file` that its metadata and announced length can answer (files.md,
 * "Resumable uploads"), so a refused upload never stores anything.
 */
export async function checkResumableUpload(
  ctx: Context,
  metadata: ResumableMetadata,
  size: number,
): Promise<void> {
  const { values } = await checkUpload(ctx, fieldsOf(metadata), {
    fileName: fileNameOf(metadata),
    hasContent: true,
  });
  checkContent(values.file_name, size, await readFileSettings(ctx));
  await checkAttachmentLimit(ctx, values);
}

/** After the last byte: the same File `upload_file` would make, every rule checked again. */
export function finishResumableUpload(
  ctx: Context,
  metadata: ResumableMetadata,
  staged: StagedContent,
): Promise<Doc> {
  return uploadFile(ctx, {
    fields: fieldsOf(metadata),
    staged,
    partFileName: fileNameOf(metadata),
  });
}

/** tus clients name the file `filename` (tus-js-client, Uppy); `file_name` is accepted too. */
function fileNameOf(metadata: ResumableMetadata): string | null {
  return metadata.filename ?? metadata.file_name ?? null;
}

function fieldsOf(metadata: ResumableMetadata): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const key of UPLOAD_FIELDS) {
    const value = metadata[key];
    if (typeof value === 'string') fields[key] = value;
  }
  return fields;
}
