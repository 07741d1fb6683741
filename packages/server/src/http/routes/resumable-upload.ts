import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Server, ServerOptions } from '@tus/server';
import type { Upload } from '@tus/utils';
import { DoesNotExistError, FrappeError, ValidationError } from '../../core/errors/index.js';
import type { Site } from '../../engine/site.js';
import { withContext } from '../../engine/runtime/with-context.js';
import {
  checkResumableUpload,
  finishResumableUpload,
  RESUMABLE_OWNER_KEY,
  resumableStore,
  resumableStoreOf,
  stageStream,
  sweepResumableUploadsWhenDue,
  type ResumableMetadata,
} from '../../features/files/index.js';
import { omitNulls } from '../../features/resource/omit-nulls.js';
import { GUEST } from '../authenticator.js';
import { describeError } from '../error-info.js';
import { v1ErrorBody } from '../envelopes.js';
import { inMaintenance } from '../maintenance.js';
import { uploadLimit } from './upload.js';

/** Where tus clients create uploads; an upload lives at `<path>/<id>`. */
export const RESUMABLE_UPLOAD_PATH = '/api/method/upload_file/tus';

/** One tus server per open site, over the site's own data store. */
const servers = new WeakMap<Site, Promise<Server>>();

/** The id a URL names (tus makes 32 hex digits); anything else is an unknown upload. */
const UPLOAD_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The Fastify request behind each raw request tus handles: its caller and its logger. */
const callers = new WeakMap<IncomingMessage, FastifyRequest>();

/** The upload a request brought to its last byte, removed once the answer is sent. */
const finishedUploads = new WeakMap<FastifyRequest, string>();

/**
 * Resumable uploads with the tus protocol (files.md, "Resumable uploads"):
 * `POST` creates an upload after every check `upload_file` makes that needs
 * no bytes, `HEAD` tells its offset, `PATCH` appends, `DELETE` abandons it.
 * Only the user who created an upload may touch it. The last `PATCH` turns
 * the bytes into the same File `upload_file` inserts and answers it.
 */
export function registerResumableUploadRoutes(app: FastifyInstance): void {
  void app.register(async (scope) => {
    // tus bodies are raw bytes that the tus server streams to disk itself.
    scope.addContentTypeParser('application/offset+octet-stream', (_request, _payload, done) =>
      done(null),
    );
    scope.post(RESUMABLE_UPLOAD_PATH, handleResumable);
    scope.route({
      method: ['HEAD', 'PATCH', 'DELETE'],
      url: `${RESUMABLE_UPLOAD_PATH}/:id`,
      handler: handleResumable,
    });
  });
}

async function handleResumable(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const { site, auth = GUEST } = request.cortado;
  if (site === undefined) throw new Error('resumable upload route reached without a site');
  const server = await tusServerOf(site);
  if (request.method === 'POST') await admitUpload(request, site, auth.user);
  else await assertUploadOwner(site, (request.params as { id: string }).id, auth.user);
  callers.set(request.raw, request);
  // Headers set by earlier hooks (the site's CORS answer) must survive tus writing the response.
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value !== undefined) reply.raw.setHeader(name, value);
  }
  reply.hijack();
  try {
    await server.handle(request.raw, reply.raw);
  } finally {
    // An upload finished by its creating POST goes once tus has answered.
    const finished = finishedUploads.get(request);
    if (finished !== undefined)
      await (await resumableStore(site)).remove(finished).catch(() => undefined);
  }
}

/**
 * A new upload must announce its length, and pass the checks of `upload_file`
 * with that length, before tus stores anything: refusals are Frappe errors.
 */
async function admitUpload(request: FastifyRequest, site: Site, user: string): Promise<void> {
  const length = request.headers['upload-length'];
  if (typeof length !== 'string' || !/^\d{1,16}$/.test(length)) {
    throw new ValidationError('A resumable upload must announce its size in Upload-Length');
  }
  const size = Number(length);
  const limit = await uploadLimit(site, user, request.id);
  if (size > limit.bytes) throw limit.error();
  const metadata = await parseMetadata(request.headers['upload-metadata']);
  await withContext(site, user, (ctx) => checkResumableUpload(ctx, metadata, size), {
    readOnly: true,
    requestId: request.id,
  });
  // Abandoned uploads of a server that runs for weeks go too, not only at the next restart.
  sweepResumableUploadsWhenDue(site)?.catch((error: unknown) =>
    request.log.warn({ err: error }, 'sweeping expired resumable uploads failed'),
  );
}

async function parseMetadata(header: unknown): Promise<ResumableMetadata> {
  if (header === undefined) return {};
  const { Metadata } = await import('@tus/utils');
  try {
    return Metadata.parse(String(header));
  } catch {
    throw new ValidationError('Upload-Metadata is not valid tus metadata');
  }
}

/** Another user's upload is answered as missing, so ids cannot be probed. */
async function assertUploadOwner(site: Site, urlId: string, user: string): Promise<void> {
  // A malformed or missing upload is tus's own 404 to answer.
  if (!UPLOAD_ID.test(urlId)) return;
  const { store, idPrefix } = await resumableStoreOf(site);
  const upload = await store.getUpload(idPrefix + urlId).catch(() => null);
  if (upload === null) return;
  if (upload.metadata?.[RESUMABLE_OWNER_KEY] !== user) {
    throw new DoesNotExistError(`Upload ${urlId} not found`);
  }
}

function tusServerOf(site: Site): Promise<Server> {
  let server = servers.get(site);
  if (server === undefined) {
    server = createTusServer(site);
    servers.set(site, server);
    server.catch(() => servers.delete(site));
  }
  return server;
}

async function createTusServer(site: Site): Promise<Server> {
  const { store, idPrefix } = await resumableStoreOf(site);
  // The tus server (~11 MB resident) loads with a site's first resumable upload.
  const [{ Server }, { Uid }] = await Promise.all([import('@tus/server'), import('@tus/utils')]);
  return new Server({
    path: RESUMABLE_UPLOAD_PATH,
    datastore: store,
    relativeLocation: true,
    // The store's ids carry the site's key prefix (S3); URLs only the random part.
    namingFunction: () => idPrefix + Uid.rand(),
    generateUrl: (_req, { path, id }) => `${path}/${id.slice(idPrefix.length)}`,
    getFileIdFromRequest: (_req, urlId) =>
      urlId !== undefined && UPLOAD_ID.test(urlId) ? idPrefix + urlId : undefined,
    // CORS is the site's policy (its `allow_cors`), not tus's default of any origin.
    allowedOrigins: () => false,
    onUploadCreate: async (req, upload) => ({
      // The creator is recorded by the server; a client cannot claim another owner.
      metadata: {
        ...upload.metadata,
        [RESUMABLE_OWNER_KEY]: callerOf(req).cortado.auth?.user ?? 'Guest',
      },
    }),
    onUploadFinish: (req, upload) => finishUpload(site, callerOf(req), upload),
  });
}

type TusRequest = Parameters<NonNullable<ServerOptions['onUploadFinish']>>[0];

function callerOf(req: TusRequest): FastifyRequest {
  const raw = req.runtime?.node?.req as IncomingMessage | undefined;
  const request = raw === undefined ? undefined : callers.get(raw);
  if (request === undefined) throw new Error('tus request without its Fastify request');
  return request;
}

/**
 * The last byte arrived: stage and hash the bytes, insert the File in one
 * transaction, answer it as `upload_file` does. The upload's bytes go in
 * every case (after the answer); a refused upload leaves neither a row nor bytes.
 */
async function finishUpload(
  site: Site,
  request: FastifyRequest,
  upload: Upload,
): Promise<{ status_code: number; headers: Record<string, string>; body: string }> {
  const store = await resumableStore(site);
  const metadata = upload.metadata ?? {};
  // tus re-reads an upload finished by its creating POST while answering; a PATCH does not.
  const removeNow = request.method !== 'POST';
  if (!removeNow) finishedUploads.set(request, upload.id);
  const staged = await Promise.resolve()
    .then(async () => stageStream(site.path, await store.read(upload.id)))
    .finally(async () => {
      if (removeNow) await store.remove(upload.id).catch(() => undefined);
    });
  try {
    const doc = await withContext(
      site,
      String(metadata[RESUMABLE_OWNER_KEY]),
      (ctx) => finishResumableUpload(ctx, metadata, staged),
      { requestId: request.id, denyWrites: inMaintenance(site) },
    );
    return {
      status_code: 200,
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ message: omitNulls(doc) }),
    };
  } catch (error) {
    throw tusError(request, error);
  } finally {
    await staged.discard();
  }
}

/** A refusal at the end, in the body tus sends: Frappe's v1 error envelope. */
function tusError(request: FastifyRequest, error: unknown): { status_code: number; body: string } {
  const info = describeError(error);
  if (!(error instanceof FrappeError))
    request.log.error({ err: error }, 'finishing a resumable upload failed');
  const body = v1ErrorBody(info, { messages: [], showTraceback: false });
  return { status_code: info.status, body: JSON.stringify(body) };
}
