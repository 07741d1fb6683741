import { extname } from 'node:path';
import { lookup } from 'mime-types';

/**
 * What Guests and Website Users may upload (Frappe's `ALLOWED_MIMETYPES`, v16
 * list with CSV), matched on the type guessed from the file name.
 */
const RESTRICTED_UPLOAD_TYPES = new Set([
  'image/png',
  'image/jpeg',
  'application/pdf',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'text/plain',
  'text/csv',
  'video/quicktime',
  'video/mp4',
]);

/** Extensions a browser would run as a page or script if shown inline. */
const ACTIVE_EXTENSIONS = new Set(['.html', '.htm', '.svg', '.xml', '.xhtml', '.js', '.mjs']);

/** The MIME type guessed from a file name's extension, or null (the part's own type is never trusted). */
export function guessType(fileName: string): string | null {
  const type = lookup(fileName);
  return type === false ? null : type;
}

/** Frappe's `file_type`: the upper-case extension when the extension names a known type, else empty. */
export function fileTypeOf(fileName: string): string {
  return guessType(fileName) === null ? '' : extname(fileName).slice(1).toUpperCase();
}

/** Whether a Guest or Website User may upload a file of this name. */
export function isRestrictedUploadAllowed(fileName: string): boolean {
  const type = guessType(fileName);
  return type !== null && RESTRICTED_UPLOAD_TYPES.has(type);
}

/** Whether the file must be sent as an attachment so that no browser renders it in the site's origin. */
export function isActiveContent(fileName: string): boolean {
  return ACTIVE_EXTENSIONS.has(extname(fileName).toLowerCase());
}
