import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MethodNotAllowed } from '../../../core/errors/index.js';
import type { Context } from '../../../engine/context.js';
import { parseBool } from '../../../core/args/arg-values.js';
import { hasDocMethod } from '../../../engine/document.js';
import { callDocMethod } from '../../../features/methods/frappe-client/index.js';
import {
  expandDocLinks,
  getReadableDoc,
  insertResource,
  omitNulls,
  runListQuery,
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
  runMethodName,
  type ResourceParams,
} from '../../resource-request.js';

type ResourceRequest = FastifyRequest<{ Params: ResourceParams }>;

/** `/api/...` and `/api/v1/...` are the same API (docs/spec/api-rest-rpc.md §4). */
const PREFIXES = ['/api/resource', '/api/v1/resource'];

/**
 * Registers Frappe's REST resource API: list and insert on
 * `/{doctype}`, read, update, delete and document methods on
 * `/{doctype}/{name}`. The name is the rest of the path, so it may hold `/`.
 * Other verbs on a document URL answer 405 (JSON, unlike Frappe's HTML page).
 */
export function registerResourceRoutes(app: FastifyInstance): void {
  for (const prefix of PREFIXES) {
    app.get(`${prefix}/:doctype`, list);
    app.post(`${prefix}/:doctype`, insert);
    app.get(`${prefix}/:doctype/*`, (request: ResourceRequest, reply) =>
      documentName(request.params) === '' ? list(request, reply) : read(request, reply),
    );
    app.post(`${prefix}/:doctype/*`, (request: ResourceRequest, reply) =>
      documentName(request.params) === '' ? insert(request, reply) : docMethod(request, reply),
    );
    app.put(`${prefix}/:doctype/*`, update);
    app.delete(`${prefix}/:doctype/*`, remove);
    app.route({ method: ['PATCH'], url: `${prefix}/:doctype/*`, handler: methodNotAllowed });
    app.route({
      method: ['PUT', 'DELETE', 'PATCH'],
      url: `${prefix}/:doctype`,
      handler: methodNotAllowed,
    });
  }
}

async function list(request: ResourceRequest, _reply: FastifyReply): Promise<unknown> {
  const doctype = doctypeName(request.params);
  const data = await runForRequest(request, (ctx, args) =>
    runListQuery(ctx, doctype, args, 'resource'),
  );
  return envelope(request, 'v1', { data });
}

/** Frappe answers 200, not 201, with the inserted document (nulls omitted). */
async function insert(request: ResourceRequest, _reply: FastifyReply): Promise<unknown> {
  const doctype = doctypeName(request.params);
  const data = await runForRequest(request, async (ctx, args) =>
    omitNulls(await insertResource(ctx, doctype, documentBody(args))),
  );
  return envelope(request, 'v1', { data });
}

/** A read; the legacy `run_method` argument turns it into a read-only method call (§4.3). */
async function read(request: ResourceRequest, _reply: FastifyReply): Promise<unknown> {
  const doctype = doctypeName(request.params);
  const name = documentName(request.params);
  const data = await runForRequest(request, async (ctx, args) => {
    if (args['run_method'] !== undefined) {
      return (await callDocMethod(ctx, doctype, name, runMethodName(args), methodArgs(args), false))
        .result;
    }
    const doc = await getReadableDoc(ctx, doctype, name);
    // With expand_links Frappe serialises a dict, so the top level keeps its nulls.
    return parseBool(args['expand_links'], 'expand_links', false)
      ? expandDocLinks(ctx, doc)
      : omitNulls(doc);
  });
  return envelope(request, 'v1', { data });
}

async function update(request: ResourceRequest, _reply: FastifyReply): Promise<unknown> {
  const doctype = doctypeName(request.params);
  const name = documentName(request.params);
  const data = await runForRequest(request, async (ctx, args) =>
    omitNulls(await updateResource(ctx, doctype, name, documentBody(args))),
  );
  return envelope(request, 'v1', { data });
}

/** Frappe's DELETE answers 202 `{"data": "ok"}` (v15/v16). */
function remove(request: ResourceRequest, reply: FastifyReply): Promise<unknown> {
  return deleteForRequest(request, reply, 'v1');
}

/**
 * POST on a document: `run_method` names the method; the path form
 * `/{doctype}/{name}/{method}` is accepted when the last segment is a
 * whitelisted method of the controller and the argument is absent.
 */
async function docMethod(request: ResourceRequest, _reply: FastifyReply): Promise<unknown> {
  const doctype = doctypeName(request.params);
  const path = documentName(request.params);
  const data = await runForRequest(request, async (ctx, args) => {
    const { name, method } = methodTarget(ctx, doctype, path, args);
    return (await callDocMethod(ctx, doctype, name, method, methodArgs(args), true)).result;
  });
  return envelope(request, 'v1', { data });
}

function methodTarget(
  ctx: Context,
  doctype: string,
  path: string,
  args: Record<string, unknown>,
): { name: string; method: string } {
  if (args['run_method'] === undefined) {
    const slash = path.lastIndexOf('/');
    const method = path.slice(slash + 1);
    if (slash > 0 && hasDocMethod(ctx, doctype, method))
      return { name: path.slice(0, slash), method };
  }
  return { name: path, method: runMethodName(args) };
}

async function methodNotAllowed(request: FastifyRequest): Promise<never> {
  throw new MethodNotAllowed(`Method ${request.method} is not allowed here`);
}
