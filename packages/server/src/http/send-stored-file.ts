import contentDisposition from 'content-disposition';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fresh from 'fresh';
import parseRange from 'range-parser';
import { DoesNotExistError } from '../core/errors/index.js';
import type { FileStorage, StorageKey, StoredObject } from '../platform/storage/file-storage.js';

/** How one stored file is answered. */
export interface SendOptions {
  /** The name in `Content-Disposition`. */
  readonly fileName: string;
  readonly contentType: string;
  /** `attachment` makes browsers download instead of render (active content, `download_file`). */
  readonly disposition: 'inline' | 'attachment' | 'none';
  /** `Cache-Control` of the response. */
  readonly cacheControl: string;
}

/**
 * Streams a stored object with conditional GET (`ETag`, `If-None-Match`,
 * `Last-Modified`) and single byte ranges (`Range`, `If-Range`), never
 * loading it into memory. Unsatisfiable ranges answer 416 with the size.
 */
export async function sendStoredFile(
  request: FastifyRequest,
  reply: FastifyReply,
  storage: FileStorage,
  key: StorageKey,
  options: SendOptions,
): Promise<FastifyReply> {
  const stored = await storage.stat(key);
  if (stored === null) throw new DoesNotExistError('File not found', { title: 'Not Found' });
  const etag = etagOf(stored);
  const lastModified = new Date(stored.modifiedMs).toUTCString();
  reply.headers({
    'content-type': options.contentType,
    'accept-ranges': 'bytes',
    etag,
    'last-modified': lastModified,
    'cache-control': options.cacheControl,
    'x-content-type-options': 'nosniff',
  });
  if (options.disposition !== 'none') {
    reply.header(
      'content-disposition',
      contentDisposition(options.fileName, { type: options.disposition }),
    );
  }
  if (fresh(request.headers, { etag, 'last-modified': lastModified })) {
    return reply.code(304).send();
  }
  const range = requestedRange(request, stored.size, etag);
  if (range === 'unsatisfiable') {
    return reply.code(416).header('content-range', `bytes */${stored.size}`).send();
  }
  if (range !== null) {
    reply.code(206).header('content-range', `bytes ${range.start}-${range.end}/${stored.size}`);
  }
  const length = range === null ? stored.size : range.end - range.start + 1;
  reply.header('content-length', length);
  if (request.method === 'HEAD' || length === 0) return reply.send();
  return reply.send(await storage.read(key, range ?? undefined));
}

/** A strong validator from size and time (the bytes of a name only change by replacement). */
function etagOf(stored: StoredObject): string {
  return `"${stored.size.toString(16)}-${Math.floor(stored.modifiedMs).toString(16)}"`;
}

/**
 * The one range to send, null for the whole object (no `Range`, a stale
 * `If-Range`, a malformed header or several ranges), or unsatisfiable.
 */
function requestedRange(
  request: FastifyRequest,
  size: number,
  etag: string,
): { start: number; end: number } | null | 'unsatisfiable' {
  const header = request.headers.range;
  if (typeof header !== 'string') return null;
  const ifRange = request.headers['if-range'];
  if (typeof ifRange === 'string' && ifRange !== etag) return null;
  const ranges = parseRange(size, header, { combine: true });
  if (ranges === -1) return 'unsatisfiable';
  if (ranges === -2 || ranges.type !== 'bytes' || ranges.length !== 1) return null;
  const [range] = ranges;
  return range === undefined ? null : { start: range.start, end: range.end };
}
