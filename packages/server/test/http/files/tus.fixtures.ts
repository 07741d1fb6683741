import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { TEST_USER_HEADER } from '../../helpers/build-test-app.js';
import type { FilesServer } from './files.fixtures.js';

/* Raw tus 1.0.0 requests against a files test server (files.fixtures.ts). */

export const TUS = '/api/method/upload_file/tus';
export function md5(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}

/** tus `Upload-Metadata`: comma-separated `key base64(value)` pairs. */
export function tusMetadata(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([key, value]) => `${key} ${Buffer.from(value).toString('base64')}`)
    .join(',');
}

export function tusHeaders(user: string | undefined, extra: Record<string, string> = {}) {
  return {
    'Tus-Resumable': '1.0.0',
    ...(user === undefined || user === 'Guest' ? {} : { [TEST_USER_HEADER]: user }),
    ...extra,
  };
}

export async function create(
  server: FilesServer,
  size: number,
  metadata: Record<string, string>,
  user = 'Administrator',
): Promise<Response> {
  return fetch(server.url + TUS, {
    method: 'POST',
    headers: tusHeaders(user, {
      'Upload-Length': String(size),
      'Upload-Metadata': tusMetadata(metadata),
    }),
  });
}

export async function offsetOf(server: FilesServer, location: string, user = 'Administrator') {
  const head = await fetch(new URL(location, server.url), {
    method: 'HEAD',
    headers: tusHeaders(user),
  });
  return { status: head.status, offset: Number(head.headers.get('upload-offset')) };
}

export function patch(
  server: FilesServer,
  location: string,
  offset: number,
  bytes: Uint8Array,
  user = 'Administrator',
): Promise<Response> {
  return fetch(new URL(location, server.url), {
    method: 'PATCH',
    headers: tusHeaders(user, {
      'Upload-Offset': String(offset),
      'Content-Type': 'application/offset+octet-stream',
    }),
    body: bytes,
  });
}

/**
 * A PATCH from `offset` whose client goes away in the middle: `sent` bytes of the
 * announced `bytes` are written, then the socket is destroyed. Resolves once
 * the server has released the upload (its HEAD answers again).
 */
export async function interruptedPatch(
  server: FilesServer,
  location: string,
  bytes: Uint8Array,
  sent: number,
  offset = 0,
): Promise<void> {
  const url = new URL(location, server.url);
  await new Promise<void>((resolve) => {
    const req = httpRequest({
      hostname: url.hostname,
      port: url.port,
      path: url.pathname,
      method: 'PATCH',
      headers: {
        ...tusHeaders('Administrator', {
          'Upload-Offset': String(offset),
          'Content-Type': 'application/offset+octet-stream',
        }),
        'Content-Length': String(bytes.length),
      },
    });
    req.on('error', () => resolve());
    req.on('close', () => resolve());
    req.write(bytes.subarray(0, sent), () => {
      // Give the bytes to the server, then vanish without sending the rest.
      setImmediate(() => req.destroy());
    });
  });
}
