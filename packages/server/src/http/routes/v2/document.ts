import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ValidationError } from '../../../core/errors/index.js';
import type { Context } from '../../../engine/context.js';
import { parseBool } from '../../../core/args/arg-values.js';
import { callDocMethod } from '../../../features/methods/frappe-client/index.js';
import {
  getReadableDoc,
  insertResource,
  runListPage,
  updateResource,
} from '../../../features/resource/index.js';
import {
  deleteForRequest,
  doctypeName,
  documentBody,
  documentName,
  envelope,
  methodArgs,
  runForRequest,
  type ResourceParams,
} from '../../resource-request.js';
import { copyDoc } from '../../../engine/store/copy-doc.js';
import { documentTarget } from './document-path.js';

type DocumentRequest = FastifyRequest<{ Params: ResourceParams }>;

const PREFIX = '/api/v2/document';

/**
 * Registers v2's document API (docs/spec/api-rest-rpc.md §12): list, insert, read,
 * copy, update (PUT or PATCH), delete and document methods. Documents are
 * returned as dicts, so null fields are kept.
 */
export function registerV2DocumentRoutes(app: FastifyInstance): void {
  app.get(`${PREFIX}/:doctype`, list);
  app.post(`${PREFIX}/:doctype`, insert);
  app.get(`${PREFIX}/:doctype/*`, getTarget);
  app.post(`${PREFIX}/:doctype/*`, postTarget);
  app.put(`${PREFIX}/:doctype/*`, update);
  app.patch(`${PREFIX}/:doctype/*`, update);
  app.delete(`${PREFIX}/:doctype/*`, remove);
}

/** v16 list: `start`/`limit`, and `has_next_page` (features/resource/list-runners.ts). */
async function list(request: DocumentRequest, _reply: FastifyReply): Promise<unknown> {
  const doctype = doctypeName(request.params);
  const page = await runForRequest(request, (ctx, args) => runListPage(ctx, doctype, args));
  return envelope(request, 'v2', page);
}

async function insert(request: DocumentRequest, _reply: FastifyReply): Promise<unknown> {
  const doctype = doctypeName(request.params);
  const data = await runForRequest(request, (ctx, args) =>
    insertResource(ctx, doctype, documentBody(args)),
  );
  return envelope(request, 'v2', { data });
}

async function getTarget(request: DocumentRequest, reply: FastifyReply): Promise<unknown> {
  if (documentName(request.params) === '') return list(request, reply);
  const doctype = doctypeName(request.params);
  const target = documentTarget(documentName(request.params));
  if (target.kind === 'method')
    return docMethod(request, doctype, target.name, target.method, false);
  const data = await runForRequest(request, async (ctx, args) => {
    const doc = await getReadableDoc(ctx, doctype, target.name);
    if (target.kind === 'document') return doc;
    return copyDoc(
      ctx.site.meta.getMeta(doctype),
      doc,
      parseBool(args['ignore_no_copy'], 'ignore_no_copy', true),
      (child) => childMeta(ctx, child),
    );
  });
  return envelope(request, 'v2', { data });
}

async function postTarget(request: DocumentRequest, reply: FastifyReply): Promise<unknown> {
  if (documentName(request.params) === '') return insert(request, reply);
  const target = documentTarget(documentName(request.params));
  if (target.kind !== 'method')
    throw new ValidationError('POST on a document needs /method/{method}');
  return docMethod(request, doctypeName(request.params), target.name, target.method, true);
}

/** GET needs read, POST write; the document after the call goes to `docs`. */
async function docMethod(
  request: DocumentRequest,
  doctype: string,
  name: string,
  method: string,
  writes: boolean,
): Promise<unknown> {
  const outcome = await runForRequest(request, (ctx, args) =>
    callDocMethod(ctx, doctype, name, method, methodArgs(args), writes),
  );
  const payload =
    outcome.result === undefined || outcome.result === null ? {} : { data: outcome.result };
  return envelope(request, 'v2', { ...payload, docs: [outcome.doc] });
}

async function update(request: DocumentRequest, _reply: FastifyReply): Promise<unknown> {
  const doctype = doctypeName(request.params);
  const name = documentName(request.params);
  const data = await runForRequest(request, (ctx, args) =>
    updateResource(ctx, doctype, name, documentBody(args)),
  );
  return envelope(request, 'v2', { data });
}

function remove(request: DocumentRequest, reply: FastifyReply): Promise<unknown> {
  return deleteForRequest(request, reply, 'v2');
}

function childMeta(ctx: Context, doctype: string) {
  return ctx.site.meta.has(doctype) ? ctx.site.meta.getMeta(doctype) : undefined;
}
