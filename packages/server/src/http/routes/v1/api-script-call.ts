import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  callApiScript,
  scriptRateLimit,
  type ApiScriptResult,
  type ServerScript,
} from '../../../features/server-scripts/index.js';
import { enforceMethodRateLimit } from '../../../features/rate-limit/method-limit.js';
import { successBody, type ApiVersion } from '../../envelopes.js';
import { sendSpecialResponse } from '../../send-special-response.js';
import { GUEST } from '../../authenticator.js';
import { withRequestContext } from '../../unit-of-work.js';

/** Headers a script never sees: the caller's credentials. */
const HIDDEN_HEADERS = new Set(['authorization', 'cookie']);

/**
 * Answers `/api/method/<api_method>` (and the v2 form) with an API Server
 * Script, in one unit of work like any method (GET rolls back). The rate
 * limit is counted first, keyed on the script's `api_method` for both
 * routes (§B4), then the script runs.
 */
export async function callScriptMethod(
  request: FastifyRequest,
  reply: FastifyReply,
  script: ServerScript,
  version: ApiVersion,
): Promise<FastifyReply> {
  const { site, args = {}, auth = GUEST, messages, limiterStore, clientIp } = request.cortado;
  if (site === undefined) throw new Error('script route reached without a site');
  const path = script.api_method ?? script.name;
  // A GET's writes are rolled back unless the script calls frappe.db.commit()
  // (S9), so its unit of work may write and decides at the end.
  const isGet = request.method === 'GET';
  let committed = false;
  const result = await keepOrRollBack(() =>
    withRequestContext(
      request,
      site,
      auth.user,
      async (ctx) => {
        if (script.enable_rate_limit && limiterStore !== undefined) {
          const { limit, seconds } = scriptRateLimit(script);
          await enforceMethodRateLimit(
            limiterStore,
            { limit, seconds },
            {
              path,
              verb: request.method.toUpperCase(),
              clientIp: clientIp ?? request.ip,
              args,
              ctx,
            },
          );
        }
        return callApiScript(ctx, {
          script,
          args,
          isGuest: auth.user === GUEST.user,
          request: scriptRequest(request),
          ...(version === 'v1' ? { cmd: path } : {}),
          onCommit: () => {
            committed = true;
          },
        }).then((answer) => {
          if (isGet && !committed) throw new RollBack(answer);
          return answer;
        });
      },
      false,
    ),
  );
  if (result.special !== undefined) return sendSpecialResponse(reply, result.special);
  if (result.status !== undefined) reply.status(result.status);
  const payload =
    result.returned && version === 'v2' ? { data: result.payload['message'] } : result.payload;
  return reply.send(successBody(version, payload, messages));
}

/** Ends a unit of work with a rollback while still answering `result`. */
class RollBack {
  constructor(readonly result: ApiScriptResult) {}
}

async function keepOrRollBack(run: () => Promise<ApiScriptResult>): Promise<ApiScriptResult> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof RollBack) return error.result;
    throw error;
  }
}

/** `frappe.request`: the verb, path, headers (credentials left out) and raw body. */
function scriptRequest(request: FastifyRequest): Record<string, unknown> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (!HIDDEN_HEADERS.has(name) && value !== undefined)
      headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const body = request.body;
  const data = typeof body === 'string' ? body : body === undefined ? '' : JSON.stringify(body);
  return { method: request.method, path: request.url.split('?')[0], headers, data };
}
