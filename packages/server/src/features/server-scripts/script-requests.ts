import { PermissionError, ValidationError } from '../../core/errors/index.js';
import type { Context } from '../../engine/context.js';
import { assertAllowedTarget, DeniedTargetError } from '../../platform/net/ssrf-guard.js';
import { PythonError } from '../../platform/sandbox/sandbox-errors.js';

type Args = Record<string, unknown>;

/** The verbs of `frappe.make_get_request` … `make_delete_request`. */
export const REQUEST_VERBS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** How long one outbound request may take; the script's CPU budget does not run meanwhile. */
const REQUEST_TIMEOUT_MS = 30_000;

/** The most of a response body a script receives. */
const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

/**
 * Frappe's `make_request` behind `frappe.make_*_request(url, auth=, headers=,
 * data=, json=, params=)`: the only way a script reaches the network. The
 * target passes the same SSRF guard as webhooks (on by default here:
 * `server_script_ssrf_guard`, `server_script_allowed_hosts`), and with the
 * guard on redirects are not followed. The answer is parsed as Frappe does:
 * JSON for `application/…json`, a query-string dict for
 * `text/plain; charset=utf-8`, else the text (None when empty). A status of
 * 400 or more raises `HTTPError`, a network failure `ConnectionError`.
 */
export async function makeScriptRequest(ctx: Context, verb: string, args: Args): Promise<unknown> {
  const url = targetUrl(args['url'], args['params']);
  const guarded = ctx.site.config['server_script_ssrf_guard'] !== false;
  if (guarded) await guard(ctx, url);
  let response: Response;
  try {
    response = await fetch(url, {
      method: verb,
      headers: requestHeaders(args),
      ...requestBody(args),
      redirect: guarded ? 'manual' : 'follow',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    throw new PythonError('ConnectionError', `${verb} ${url.origin}: ${describe(error)}`);
  }
  const body = await readBody(response);
  if (response.status >= 400) {
    const kind = response.status < 500 ? 'Client' : 'Server';
    throw new PythonError(
      'HTTPError',
      `${response.status} ${kind} Error: ${response.statusText} for url: ${url.toString()}`,
    );
  }
  return parseBody(response.headers.get('content-type'), body);
}

function targetUrl(value: unknown, params: unknown): URL {
  let url: URL;
  try {
    url = new URL(typeof value === 'string' ? value : '');
  } catch {
    throw new ValidationError(`Invalid URL ${String(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ValidationError(`Only http and https URLs may be requested, not ${url.protocol}`);
  if (params !== null && typeof params === 'object')
    for (const [key, item] of Object.entries(params as Args))
      url.searchParams.append(key, String(item));
  return url;
}

async function guard(ctx: Context, url: URL): Promise<void> {
  const allowed = ctx.site.config['server_script_allowed_hosts'];
  const hosts = Array.isArray(allowed) ? allowed.map((host) => String(host).toLowerCase()) : [];
  try {
    await assertAllowedTarget(url.toString(), hosts);
  } catch (error) {
    if (error instanceof DeniedTargetError) throw new PermissionError(error.message);
    throw new PythonError('ConnectionError', `${url.origin}: ${describe(error)}`);
  }
}

function requestHeaders(args: Args): Headers {
  const headers = new Headers();
  const given = args['headers'];
  if (given !== null && typeof given === 'object')
    for (const [name, value] of Object.entries(given as Args)) {
      try {
        headers.set(name, String(value));
      } catch {
        throw new ValidationError(`Invalid header ${name}`);
      }
    }
  const auth = args['auth'];
  if (Array.isArray(auth) && auth.length === 2)
    headers.set(
      'authorization',
      `Basic ${Buffer.from(`${String(auth[0])}:${String(auth[1])}`).toString('base64')}`,
    );
  if (args['json'] !== undefined && args['json'] !== null && !headers.has('content-type'))
    headers.set('content-type', 'application/json');
  return headers;
}

/** `json=` as JSON; `data=` as a form (a dict) or as it is (a string). */
function requestBody(args: Args): { body?: string } {
  const { json, data } = args;
  if (json !== undefined && json !== null) return { body: JSON.stringify(json) };
  if (typeof data === 'string') return { body: data };
  if (data !== null && typeof data === 'object') {
    const form = new URLSearchParams();
    for (const [key, value] of Object.entries(data as Args)) form.append(key, String(value));
    return form.size > 0 ? { body: form.toString() } : {};
  }
  return {};
}

/** The body as text, refused past MAX_RESPONSE_BYTES without reading further. */
async function readBody(response: Response): Promise<string> {
  const tooLarge = () =>
    new ValidationError(`The response is larger than ${MAX_RESPONSE_BYTES / (1024 * 1024)} MB`);
  if (Number(response.headers.get('content-length') ?? 0) > MAX_RESPONSE_BYTES) {
    await response.body?.cancel();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += chunk.length;
    if (size > MAX_RESPONSE_BYTES) throw tooLarge();
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(contentType: string | null, body: string): unknown {
  if (contentType === null) return null;
  if (contentType === 'text/plain; charset=utf-8') {
    const parsed: Record<string, string[]> = {};
    for (const [key, value] of new URLSearchParams(body)) (parsed[key] ??= []).push(value);
    return parsed;
  }
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type.startsWith('application/') && type.endsWith('json')) {
    try {
      return JSON.parse(body) as unknown;
    } catch {
      throw new PythonError('JSONDecodeError', 'The response is not valid JSON');
    }
  }
  return body === '' ? null : body;
}

function describe(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return 'timed out';
  const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
  return cause?.code ?? (error instanceof Error ? error.message : String(error));
}
