import {
  FileTypeNotAllowed,
  MandatoryError,
  MaxFileSizeReachedError,
  ValidationError,
} from '../../core/errors/index.js';
import type { Context } from '../../engine/context.js';
import type { Doc } from '../../engine/doc.js';
import { checkedFileName, fileNameOfUrl } from './file-name.js';
import { readFileSettings, maxSizeMessage, type FileSettings } from './file-settings.js';
import { fileTypeOf } from './mime.js';
import { registerLocalUrl } from './local-url.js';
import { StagedContent, stageBuffer } from './staged-content.js';
import { storeContent } from './store-content.js';
import { isTruthy } from './truthy.js';

/**
 * Before a new File is named: its bytes (staged upload or API `content`)
 * are checked, hashed and stored, or its `file_url` is checked (docs/spec/files.md §5).
 * Sets `file_url`, `file_name`, `file_size`, `file_type`, `content_hash`.
 */
export async function prepareNewFile(ctx: Context, doc: Doc): Promise<void> {
  const staged = await stagedContentOf(ctx, doc);
  try {
    doc.is_private = Number(doc.is_private) === 1 ? 1 : 0;
    if (Number(doc.is_folder) === 1) return;
    if (staged !== null) return await withContent(ctx, doc, staged, await readFileSettings(ctx));
    const url = typeof doc.file_url === 'string' ? doc.file_url.trim() : '';
    if (url === '') {
      throw new MandatoryError('Fields `file_name` or `file_url` must be set for File');
    }
    await withUrl(ctx, doc, url);
  } finally {
    await staged?.discard();
  }
}

async function withContent(
  ctx: Context,
  doc: Doc,
  staged: StagedContent,
  settings: FileSettings,
): Promise<void> {
  const { fileName, fileType } = checkContent(doc.file_name, staged.size, settings);
  doc.file_name = fileName;
  const { url, reused } = await storeContent(ctx, doc, staged, settings.deduplicate);
  if (!reused) doc.file_name = fileNameOfUrl(url);
  Object.assign(doc, {
    file_url: url,
    file_size: staged.size,
    file_type: fileType,
    content_hash: staged.md5,
  });
}

/**
 * The rules on a File's bytes that need only their name and size: one plain
 * name, not empty, within the size limit, an allowed extension. Answers the
 * checked name and its type (`PDF`, or `''` when none can be derived).
 */
export function checkContent(
  name: unknown,
  size: number,
  settings: FileSettings,
): { fileName: string; fileType: string } {
  const fileName = checkedFileName(name);
  if (size === 0) throw new ValidationError(`File ${fileName} is empty`);
  if (size > settings.maxFileSize) {
    throw new MaxFileSizeReachedError(maxSizeMessage(settings.maxFileSize));
  }
  const fileType = fileTypeOf(fileName);
  if (
    settings.allowedExtensions.size > 0 &&
    fileType !== '' &&
    !settings.allowedExtensions.has(fileType)
  ) {
    throw new FileTypeNotAllowed(`File type of ${fileType} is not allowed`);
  }
  return { fileName, fileType };
}

async function withUrl(ctx: Context, doc: Doc, url: string): Promise<void> {
  if (/^https?:\/\//i.test(url)) {
    doc.file_url = url;
    doc.file_name = doc.file_name || fileNameOfUrl(url);
    doc.file_type = fileTypeOf(String(doc.file_name));
    return;
  }
  if (url.startsWith('/files/') || url.startsWith('/private/files/')) {
    return registerLocalUrl(ctx, doc, url);
  }
  throw new ValidationError('URL must start with http:// or https://');
}

/**
 * The File's bytes: a staged upload, or API `content` (text, or base64 with
 * `decode`, a `data:` URL prefix allowed as in Frappe), or none.
 */
async function stagedContentOf(ctx: Context, doc: Doc): Promise<StagedContent | null> {
  const content = doc.content;
  const decode = doc.decode;
  delete doc.content;
  delete doc.decode;
  if (content instanceof StagedContent) return content;
  if (content === undefined || content === null || content === '') return null;
  if (typeof content !== 'string' && !Buffer.isBuffer(content)) {
    throw new ValidationError('File content must be a string (base64 when decode is set)');
  }
  const bytes = Buffer.isBuffer(content)
    ? content
    : isTruthy(decode)
      ? Buffer.from(content.slice(content.indexOf(',') + 1), 'base64')
      : Buffer.from(content, 'utf8');
  return stageBuffer(ctx.site.path, bytes);
}
