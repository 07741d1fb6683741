import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PermissionError } from '../../core/errors/index.js';
import type { Doc } from '../../engine/doc.js';
import { withContext } from '../../engine/runtime/with-context.js';
import {
  guessType,
  isActiveContent,
  keyOfUrl,
  presignedDownloadExpiry,
  readableFileRow,
  siteStorage,
  urlOf,
} from '../../features/files/index.js';
import { storageKey, type StorageKey } from '../../platform/storage/file-storage.js';
import { GUEST } from '../authenticator.js';
import { sendStoredFile, type SendOptions } from '../send-stored-file.js';

const NO_ACCESS = "You don't have permission to access this file";
const DOWNLOAD_PATHS = ['download_file', 'frappe.core.doctype.file.file.download_file'];

/**
 * Serving stored files (docs/spec/files.md §9): `/files/<name>` to anyone,
 * `/private/files/<name>` to users who may read a File row of that URL,
 * and `download_file` for either as an attachment. Names are one path
 * segment checked by `storageKey`, so no request can reach outside the
 * site's two file areas.
 */
export function registerFileRoutes(app: FastifyInstance): void {
  app.route({
    method: ['GET', 'HEAD'],
    url: '/files/*',
    handler: (request, reply) => servePublic(request, reply),
  });
  app.route({
    method: ['GET', 'HEAD'],
    url: '/private/files/*',
    handler: (request, reply) => servePrivate(request, reply),
  });
  for (const prefix of ['/api/method/', '/api/v1/method/', '/api/v2/method/']) {
    for (const path of DOWNLOAD_PATHS) {
      app.get(prefix + path, (request, reply) => serveDownload(request, reply));
    }
  }
}

function keyOf(request: FastifyRequest, area: 'public' | 'private'): StorageKey | null {
  return storageKey(area, (request.params as { '*'?: string })['*'] ?? '');
}

async function servePublic(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const key = keyOf(request, 'public');
  if (key === null) {
    reply.callNotFound();
    return reply;
  }
  return serve(request, reply, key, {
    fileName: key.name,
    contentType: contentTypeOf(key.name, 'application/octet-stream'),
    disposition: isActiveContent(key.name) ? 'attachment' : 'none',
    cacheControl: 'public, max-age=0, must-revalidate',
  });
}

async function servePrivate(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const key = keyOf(request, 'private');
  if (key === null) throw new PermissionError(NO_ACCESS);
  const fid = (request.query as { fid?: unknown }).fid;
  await readableRowOrThrow(request, urlOf(key), typeof fid === 'string' ? fid : undefined);
  return serve(request, reply, key, {
    fileName: key.name,
    contentType: contentTypeOf(key.name, 'application/octet-stream'),
    disposition: isActiveContent(key.name) ? 'attachment' : 'none',
    cacheControl: 'private, max-age=0, must-revalidate',
  });
}

/** `download_file?file_url=…`: any readable File's bytes as an attachment named after the URL. */
async function serveDownload(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const url = request.cortado.args?.['file_url'];
  const key = keyOfUrl(url);
  if (key === null) throw new PermissionError(NO_ACCESS);
  await readableRowOrThrow(request, urlOf(key));
  return serve(request, reply, key, {
    fileName: key.name.replaceAll(' ', '_'),
    contentType: contentTypeOf(key.name, 'application/unknown'),
    disposition: 'attachment',
    cacheControl: 'private, max-age=0, must-revalidate',
  });
}

/** Looks the URL's File rows up in a short read-only transaction; the bytes stream after it ends. */
async function readableRowOrThrow(
  request: FastifyRequest,
  url: string,
  fid?: string,
): Promise<Doc> {
  const { auth = GUEST } = request.cortado;
  const site = siteOf(request);
  if (auth.user === GUEST.user && url.startsWith('/private/')) throw new PermissionError(NO_ACCESS);
  const row = await withContext(site, auth.user, (ctx) => readableFileRow(ctx, url, fid), {
    readOnly: true,
    requestId: request.id,
  });
  if (row === null) throw new PermissionError(NO_ACCESS);
  return row;
}

/**
 * Streams the object, or, for S3 with `s3_presigned_download_expiry`,
 * redirects to a short-lived presigned URL (the permission check is done).
 */
async function serve(
  request: FastifyRequest,
  reply: FastifyReply,
  key: StorageKey,
  options: SendOptions,
): Promise<FastifyReply> {
  const site = siteOf(request);
  const storage = await siteStorage(site);
  const expiresIn = presignedDownloadExpiry(site, storage);
  if (expiresIn > 0 && storage.presignedUrl !== undefined) {
    const url = await storage.presignedUrl(key, { expiresIn, fileName: options.fileName });
    return reply.code(302).header('location', url).header('cache-control', 'no-store').send();
  }
  return sendStoredFile(request, reply, storage, key, options);
}

function contentTypeOf(name: string, fallback: string): string {
  const type = guessType(name) ?? fallback;
  return type.startsWith('text/') ? `${type}; charset=utf-8` : type;
}

function siteOf(request: FastifyRequest) {
  const site = request.cortado.site;
  if (site === undefined) throw new Error('file route reached without a site');
  return site;
}
