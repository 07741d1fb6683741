import contentDisposition from 'content-disposition';
import type { FastifyReply } from 'fastify';
import mime from 'mime-types';
import { ValidationError } from '../core/errors/index.js';
import { FileResponse, RedirectResponse } from '../engine/runtime/special-response.js';

/** Content types of the fixed-type answers; `download` guesses from the file name. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  csv: 'text/csv; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  pdf: 'application/pdf',
  binary: 'application/octet-stream',
};

/** Types a browser would run as a page: never shown inline from an API answer. */
const ACTIVE_CONTENT =
  /^(text\/html|application\/xhtml\+xml|image\/svg\+xml|text\/xml|application\/xml)\b/i;

/** Whether a method's result is a file or redirect answer rather than JSON. */
export function isSpecialResponse(result: unknown): result is FileResponse | RedirectResponse {
  return result instanceof FileResponse || result instanceof RedirectResponse;
}

/**
 * Sends a file or redirect answer (docs/spec/api-rest-rpc.md §5.3). Files carry
 * `Content-Disposition` with the name safely encoded and `nosniff`;
 * active content is always an attachment. Redirects go only to a path on
 * this site or an http(s) URL.
 */
export function sendSpecialResponse(
  reply: FastifyReply,
  result: FileResponse | RedirectResponse,
): FastifyReply {
  if (result instanceof RedirectResponse) return reply.redirect(safeLocation(result.location), 302);
  const contentType =
    CONTENT_TYPES[result.type] ??
    result.contentType ??
    (mime.lookup(result.filename) || 'application/unknown');
  const inline =
    (result.type === 'pdf' ||
      (result.type === 'download' && result.displayContentAs === 'inline')) &&
    !ACTIVE_CONTENT.test(contentType);
  return reply
    .header('content-type', contentType)
    .header('x-content-type-options', 'nosniff')
    .header(
      'content-disposition',
      contentDisposition(result.filename, { type: inline ? 'inline' : 'attachment' }),
    )
    .send(typeof result.content === 'string' ? Buffer.from(result.content) : result.content);
}

function safeLocation(location: string): string {
  if (location.startsWith('/') && !location.startsWith('//') && !location.startsWith('/\\'))
    return location;
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    throw new ValidationError(`Invalid redirect location ${location}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ValidationError(`Invalid redirect location ${location}`);
  return url.toString();
}
