import type { Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';
import { BadRequest, RequestHeaderFieldsTooLarge, RequestTimeout } from '../core/errors/index.js';
import type { FrappeError } from '../core/errors/index.js';
import { describeError } from './error-info.js';
import { errorBody, type ApiVersion } from './envelopes.js';

/** Node's parser codes that have their own HTTP status; every other parser error is a 400. */
const HEAD_TOO_LARGE = 'HPE_HEADER_OVERFLOW';
const TIMED_OUT = 'ERR_HTTP_REQUEST_TIMEOUT';

/**
 * Answers a request Node's HTTP parser refused before Fastify saw it (a head
 * over 16 KiB, an unknown method token, a NUL in a header, a bad or short
 * `Content-Length`) with Frappe's error body instead of Fastify's own JSON,
 * then closes the connection: after a parse error the byte stream cannot be
 * trusted. The API version is read from the raw request line when there is one.
 */
export function clientErrorHandler(error: Error, socket: Socket): void {
  if ((error as { code?: unknown }).code === 'ECONNRESET' || socket.destroyed) return;
  if (!socket.writable) {
    socket.destroy(error);
    return;
  }
  const { code, rawPacket } = error as { code?: unknown; rawPacket?: unknown };
  const info = describeError(classify(code));
  const raw = Buffer.isBuffer(rawPacket) ? rawPacket : undefined;
  const body = JSON.stringify(
    errorBody(versionOf(raw), info, { messages: [], showTraceback: false }),
  );
  socket.end(
    `HTTP/1.1 ${info.status} ${STATUS_CODES[info.status] ?? 'Error'}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

function classify(code: unknown): FrappeError {
  if (code === HEAD_TOO_LARGE)
    return new RequestHeaderFieldsTooLarge('Request header fields too large');
  if (code === TIMED_OUT) return new RequestTimeout('Request timed out');
  return new BadRequest('Bad request');
}

/** `v2` when the request line names an `/api/v2/` path. */
function versionOf(raw: Buffer | undefined): ApiVersion {
  const line = raw?.subarray(0, 256).toString('latin1') ?? '';
  return /^[A-Z]+ \/api\/v2(?:[/?]|\s)/.test(line) ? 'v2' : 'v1';
}
