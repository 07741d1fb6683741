import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  FrappeError,
  MaxFileSizeReachedError,
  RequestEntityTooLarge,
  ValidationError,
} from '../../core/errors/index.js';
import type { Site } from '../../engine/site.js';
import { withContext } from '../../engine/runtime/with-context.js';
import {
  assertUploaderAllowed,
  maxSizeMessage,
  prepareUploadHandoff,
  readFileSettings,
  stageStream,
  uploadFile,
  type StagedContent,
} from '../../features/files/index.js';
import { omitNulls } from '../../features/resource/omit-nulls.js';
import type { MethodRegistry } from '../../features/methods/registry.js';
import { GUEST } from '../authenticator.js';
import { successBody, type ApiVersion } from '../envelopes.js';
import { inMaintenance } from '../maintenance.js';
import { callMethod } from './v1/method.js';

const UPLOAD_PATHS = ['upload_file', 'frappe.handler.upload_file'];

/**
 * `POST /api/method/upload_file` (also `frappe.handler.upload_file` and the
 * v2 form): the multipart body is read part by part, the `file` part streamed
 * into a hashed staging file under the size limit, then one transaction
 * checks, stores and inserts the File (docs/spec/files.md §2). A body that is not
 * multipart is read as the usual form/JSON arguments (`file_url` uploads).
 */
export function registerUploadRoutes(app: FastifyInstance, methods: MethodRegistry): void {
  const prefixes: Array<[string, ApiVersion]> = [
    ['/api/method/', 'v1'],
    ['/api/v1/method/', 'v1'],
    ['/api/v2/method/', 'v2'],
  ];
  for (const [prefix, version] of prefixes) {
    for (const path of UPLOAD_PATHS) {
      app.post(prefix + path, (request, reply) => handleUpload(request, reply, version, methods));
    }
  }
}

interface ReadBody {
  readonly fields: Record<string, unknown>;
  readonly staged: StagedContent | null;
  readonly partFileName: string | null;
}

async function handleUpload(
  request: FastifyRequest,
  reply: FastifyReply,
  version: ApiVersion,
  methods: MethodRegistry,
): Promise<FastifyReply> {
  const { site, auth = GUEST, messages } = request.cortado;
  if (site === undefined) throw new Error('upload route reached without a site');
  const limit = await uploadLimit(site, auth.user, request.id);
  let body: ReadBody | null = null;
  try {
    body = request.isMultipart()
      ? await readMultipart(request, site, limit)
      : { fields: { ...request.cortado.args }, staged: null, partFileName: null };
    const read = body;
    const method = read.fields.method;
    if (typeof method === 'string' && method.trim() !== '') {
      const handoff = await withContext(
        site,
        auth.user,
        (ctx) => prepareUploadHandoff({ ...ctx, messages }, read),
        { readOnly: true, requestId: request.id },
      );
      request.cortado.args = { ...read.fields, ...handoff };
      return await callMethod(request, reply, methods, method.trim(), version);
    }
    const doc = await withContext(
      site,
      auth.user,
      (ctx) => uploadFile({ ...ctx, messages }, read),
      { requestId: request.id, denyWrites: inMaintenance(site) },
    );
    const key = version === 'v1' ? 'message' : 'data';
    return reply.send(successBody(version, { [key]: omitNulls(doc) }, messages));
  } finally {
    await body?.staged?.discard();
  }
}

/** The byte limit while streaming, and what exceeding it means (docs/spec/files.md §6). The same rule for Guests runs again in `uploadFile`. */
export interface UploadLimit {
  readonly bytes: number;
  readonly error: () => FrappeError;
}

export async function uploadLimit(
  site: Site,
  user: string,
  requestId: string,
): Promise<UploadLimit> {
  const settings = await withContext(site, user, readFileSettings, { readOnly: true, requestId });
  // Refused Guests are told before their body is read, not after.
  assertUploaderAllowed(user, settings);
  const transportCap = site.config.max_file_size;
  if (settings.limitFromSystemSettings && settings.maxFileSize < transportCap) {
    return {
      bytes: settings.maxFileSize,
      error: () => new MaxFileSizeReachedError(maxSizeMessage(settings.maxFileSize)),
    };
  }
  return {
    bytes: transportCap,
    error: () => new RequestEntityTooLarge('File is larger than the maximum upload size'),
  };
}

/**
 * Reads every part in order. Only the first part named `file` is kept (its
 * file name wins over `file_name`); other file parts are drained unread.
 * Oversized, truncated or malformed bodies leave no staged bytes behind.
 */
async function readMultipart(
  request: FastifyRequest,
  site: Site,
  limit: UploadLimit,
): Promise<ReadBody> {
  const fields: Record<string, unknown> = { ...request.cortado.args };
  let staged: StagedContent | null = null;
  let partFileName: string | null = null;
  try {
    for await (const part of request.parts({
      limits: { fileSize: limit.bytes },
      // The name as sent, so a path in it is refused rather than silently cut to its last segment.
      preservePath: true,
    })) {
      if (part.type === 'field') {
        fields[part.fieldname] = part.value;
        continue;
      }
      if (part.fieldname !== 'file' || staged !== null) {
        part.file.resume();
        continue;
      }
      partFileName = part.filename;
      staged = await stageStream(site.path, part.file);
      if (part.file.truncated) throw limit.error();
    }
    return { fields, staged, partFileName };
  } catch (error) {
    await staged?.discard();
    throw translateMultipartError(error, limit);
  }
}

function translateMultipartError(error: unknown, limit: UploadLimit): unknown {
  if (error instanceof FrappeError) return error;
  const code = (error as { code?: unknown }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return limit.error();
  if (typeof code === 'string' && code.endsWith('_LIMIT')) {
    return new RequestEntityTooLarge('The multipart body has too many parts or fields');
  }
  return new ValidationError('The multipart body is malformed or incomplete', { cause: error });
}
