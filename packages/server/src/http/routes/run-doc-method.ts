import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { runDocMethodV1, runDocMethodV2 } from '../../features/methods/doc-method-rpc.js';
import { csvOutput } from '../../features/methods/csv-output.js';
import { parseBool } from '../../core/args/arg-values.js';
import type { ApiVersion } from '../envelopes.js';
import { sendSpecialResponse } from '../send-special-response.js';
import { envelope, runForRequest } from '../resource-request.js';

/** Verbs that write, so v2 asks for `write` on the document. */
const WRITING = new Set(['POST', 'PUT', 'DELETE', 'PATCH']);

/** v1's name for the call and its older alias (docs/spec/api-rest-rpc.md §5.1). */
export const RUN_DOC_METHOD_COMMANDS = ['run_doc_method', 'runserverobj'] as const;

/**
 * `run_doc_method` (alias `runserverobj`) under `/api/method` and
 * `/api/v1/method` (§5.4), and v2's `/api/v2/method/run_doc_method`
 * (§12.3): a whitelisted document method with the document after the call
 * in `docs`.
 */
export function registerRunDocMethodRoutes(app: FastifyInstance): void {
  for (const prefix of ['/api/method', '/api/v1/method']) {
    for (const command of RUN_DOC_METHOD_COMMANDS) {
      app.route({
        method: ['GET', 'POST'],
        url: `${prefix}/${command}`,
        handler: (request, reply) => runDocMethodRequest(request, reply, 'v1'),
      });
    }
  }
  app.route({
    method: ['GET', 'POST'],
    url: '/api/v2/method/run_doc_method',
    handler: (request, reply) => runDocMethodRequest(request, reply, 'v2'),
  });
}

/** Runs the call for the request and sends `{"docs": [doc], "message"|"data": result}`. */
export async function runDocMethodRequest(
  request: FastifyRequest,
  reply: FastifyReply,
  version: ApiVersion,
): Promise<FastifyReply> {
  const { result, doc, asCsv } = await runForRequest(request, async (ctx, args) => ({
    ...(version === 'v1'
      ? await runDocMethodV1(ctx, args)
      : await runDocMethodV2(ctx, args, WRITING.has(request.method))),
    asCsv: version === 'v1' && parseBool(args['as_csv'], 'as_csv', false),
  }));
  // `as_csv=1` answers the method's rows as a CSV download (§5.4).
  if (asCsv) return sendSpecialResponse(reply, csvOutput(result, doc.doctype));
  const key = version === 'v1' ? 'message' : 'data';
  const payload = result === undefined || result === null ? {} : { [key]: result };
  return reply.send(envelope(request, version, { ...payload, docs: [doc] }));
}
