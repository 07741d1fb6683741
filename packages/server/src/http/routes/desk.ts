import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import mime from 'mime-types';
import { DoesNotExistError } from '../../core/errors/index.js';
import { GUEST } from '../authenticator.js';

/** Where the Desk's build lives; its `index.html` carries {@link CSRF_PLACEHOLDER}. */
export interface DeskOptions {
  /** The folder `vite build` wrote (index.html plus `assets/`). */
  readonly root: string;
}

/** Replaced in index.html with the session's CSRF token, as Frappe's `/app` page carries it. */
export const CSRF_PLACEHOLDER = '__CORTADO_CSRF_TOKEN__';
const ASSETS = 'assets/';
/** Hashed file names never change content, so browsers keep them for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const COMPRESSIBLE = /\.(js|css|svg|html|json|map)$/;

interface CachedFile {
  readonly body: Buffer;
  readonly gzip: Buffer | undefined;
}

/**
 * Serves the Desk at `/app` (Frappe's path): hashed assets under
 * `/app/assets/`, and `index.html` for `/app` and every other `/app/...`
 * route, which the single-page app routes itself. The page carries the
 * session's CSRF token, so a reloaded Desk can write without logging in again.
 */
export function registerDeskRoutes(app: FastifyInstance, options: DeskOptions): void {
  const cache = new Map<string, CachedFile>();
  const load = async (relative: string): Promise<CachedFile> => {
    // index.html is read each time: a rebuild while serving names new assets.
    let file = relative === 'index.html' ? undefined : cache.get(relative);
    if (file === undefined) {
      const body = await readFile(join(options.root, relative));
      const gzip = COMPRESSIBLE.test(relative) ? gzipSync(body) : undefined;
      file = { body, gzip };
      cache.set(relative, file);
    }
    return file;
  };
  app.get('/app', (request, reply) => sendIndex(request, reply, load));
  app.get('/app/*', async (request, reply) => {
    const rest = (request.params as { '*': string })['*'];
    if (!rest.startsWith(ASSETS)) return sendIndex(request, reply, load);
    const relative = safeRelative(rest);
    const file = await load(relative).catch(() => {
      throw new DoesNotExistError('Not Found', { title: 'Not Found' });
    });
    reply.header('content-type', mime.contentType(extname(relative)) || 'application/octet-stream');
    reply.header('cache-control', IMMUTABLE);
    return sendMaybeGzipped(request, reply, file);
  });
}

/** A path inside the build folder, or a 404 for anything that climbs out of it. */
function safeRelative(path: string): string {
  const relative = normalize(decodeURIComponent(path.split('?')[0] ?? ''));
  if (relative.startsWith('..') || relative.includes(`..${sep}`) || relative.includes('\0'))
    throw new DoesNotExistError('Not Found', { title: 'Not Found' });
  return relative;
}

async function sendIndex(
  request: FastifyRequest,
  reply: FastifyReply,
  load: (relative: string) => Promise<CachedFile>,
): Promise<FastifyReply> {
  const file = await load('index.html').catch((error: unknown) => {
    throw new DoesNotExistError('The Desk is not built: run `npm run build -w apps/desk`.', {
      title: 'Not Found',
      cause: error,
    });
  });
  const auth = request.cortado.auth ?? GUEST;
  const token = auth.user === GUEST.user ? '' : (auth.sessionCsrfToken ?? '');
  const html = file.body.toString('utf8').replace(CSRF_PLACEHOLDER, token);
  reply.headers({
    'content-type': 'text/html; charset=utf-8',
    // The page carries a per-session token: never cached, never framed.
    'cache-control': 'no-store',
    'x-frame-options': 'SAMEORIGIN',
    'referrer-policy': 'same-origin',
  });
  return reply.send(html);
}

function sendMaybeGzipped(
  request: FastifyRequest,
  reply: FastifyReply,
  file: CachedFile,
): FastifyReply {
  reply.header('vary', 'accept-encoding');
  const accepts = String(request.headers['accept-encoding'] ?? '');
  if (file.gzip !== undefined && /\bgzip\b/.test(accepts)) {
    reply.header('content-encoding', 'gzip');
    return reply.send(file.gzip);
  }
  return reply.send(file.body);
}
