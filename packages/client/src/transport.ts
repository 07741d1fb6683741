import type { ErrorEnvelope, ServerMessage, V2ErrorEnvelope } from '@cortado/protocol';
import {
  CortadoError,
  NetworkError,
  NonJsonResponseError,
  RequestAbortedError,
  RequestTimeoutError,
  safeDecodeServerMessages,
} from './errors.js';
import { createFrappeError } from './frappe-errors.js';
import { DEFAULT_RETRY, parseRetryAfter, retryDelayMs, type RetryPolicy } from './retry.js';

/** Options every SDK call accepts as its last argument. */
export interface RequestOptions {
  /** Cancels the call (and any wait between retries). */
  readonly signal?: AbortSignal;
  /** Per-attempt timeout in ms; overrides the client's (default 30 000). */
  readonly timeoutMs?: number;
  /** Retry policy for this call; `false` turns retrying off. */
  readonly retry?: RetryPolicy | false;
  /**
   * Whether the call may be repeated after a connection error, 502, 503 or 504.
   * Defaults to true for GET and false otherwise; a 429 is retried regardless,
   * since the server did not run a rate-limited request.
   */
  readonly idempotent?: boolean;
  /** Extra headers for this call. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** One HTTP request as the resources describe it. */
export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below the site URL, starting with `/`. */
  readonly path: string;
  /** Query parameters; arrays and objects are sent as JSON strings, `undefined` is left out. */
  readonly query?: Readonly<Record<string, unknown>>;
  /** JSON body. */
  readonly json?: unknown;
  /** Form body (`application/x-www-form-urlencoded`), used instead of `json`. */
  readonly form?: Readonly<Record<string, string>>;
  /**
   * Any other body (multipart uploads), made afresh for each attempt. A
   * `ReadableStream` body is sent as it is read and can be sent only once.
   */
  readonly body?: () => RawBody;
}

/** A body {@link HttpRequest.body} makes: the bytes and, unless `fetch` sets it (`FormData`), their Content-Type. */
export interface RawBody {
  readonly body: NonNullable<RequestInit['body']>;
  readonly contentType?: string;
}

/** A successful reply: status, headers and the parsed JSON body. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

/** Called before each attempt to add headers (auth, custom hooks). */
export type HeaderHook = (request: {
  readonly method: string;
  readonly url: string;
}) => Record<string, string> | undefined | Promise<Record<string, string> | undefined>;

/** How the transport reaches the server. */
export interface TransportConfig {
  /** Site URL, e.g. `https://erp.example.com`. */
  readonly url: string;
  /** The `fetch` to use (default: the global one). */
  readonly fetch?: typeof fetch;
  /** Default per-attempt timeout in ms (30 000). */
  readonly timeoutMs?: number;
  /** Default retry policy; `false` turns retrying off. */
  readonly retry?: RetryPolicy | false;
  /** Browsers: whether cookies go with cross-origin requests (`include` for a session on another origin). */
  readonly credentials?: RequestInit['credentials'];
  /** Adds headers to every attempt. */
  readonly headers?: HeaderHook;
  /** Sees every reply (the session keeps its cookie this way). */
  readonly observe?: (response: Response) => void;
  /** Randomness for jitter (tests make it deterministic). */
  readonly random?: () => number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const RETRY_ON_IDEMPOTENT = new Set([502, 503, 504]);

/**
 * Sends `request`, retrying as the policy allows, and returns the parsed
 * JSON of a 2xx reply. Every failure is a {@link CortadoError}.
 */
export async function send(
  config: TransportConfig,
  request: HttpRequest,
  options: RequestOptions = {},
): Promise<HttpResponse> {
  const policy = options.retry ?? config.retry;
  const retry =
    policy === false ? { ...DEFAULT_RETRY, retries: 0 } : { ...DEFAULT_RETRY, ...policy };
  const idempotent = options.idempotent ?? request.method === 'GET';
  const url = buildUrl(config.url, request);
  for (let attempt = 0; ; attempt++) {
    try {
      return await attemptOnce(config, request, url, options);
    } catch (error) {
      const delay =
        attempt < retry.retries ? retryWait(error, idempotent, retry, attempt, config) : undefined;
      if (delay === undefined) throw error;
      await sleep(delay, options.signal);
    }
  }
}

function retryWait(
  error: unknown,
  idempotent: boolean,
  policy: Required<RetryPolicy>,
  attempt: number,
  config: TransportConfig,
): number | undefined {
  if (!(error instanceof CortadoError)) return undefined;
  const retryAfter = 'retryAfter' in error ? (error.retryAfter as number | undefined) : undefined;
  if (error.status === 429) return retryDelayMs(policy, attempt, retryAfter, config.random);
  const transient =
    error instanceof NetworkError ||
    error instanceof RequestTimeoutError ||
    RETRY_ON_IDEMPOTENT.has(error.status);
  if (!transient || !idempotent) return undefined;
  return retryDelayMs(
    policy,
    attempt,
    error.status === 503 ? retryAfter : undefined,
    config.random,
  );
}

async function attemptOnce(
  config: TransportConfig,
  request: HttpRequest,
  url: string,
  options: RequestOptions,
): Promise<HttpResponse> {
  const timeoutMs = options.timeoutMs ?? config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const controller = new AbortController();
  const outer = options.signal;
  if (outer?.aborted) throw new RequestAbortedError(outer.reason);
  let timedOut = false;
  const onAbort = () => controller.abort(outer?.reason);
  outer?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (request.json !== undefined) headers['Content-Type'] = 'application/json';
    if (request.form !== undefined) headers['Content-Type'] = 'application/x-www-form-urlencoded';
    Object.assign(
      headers,
      await config.headers?.({ method: request.method, url }),
      options.headers,
    );
    const init: RequestInit = { method: request.method, headers, signal: controller.signal };
    if (request.json !== undefined) init.body = JSON.stringify(request.json);
    if (request.form !== undefined) init.body = new URLSearchParams(request.form).toString();
    if (request.body !== undefined) attachRaw(init, request.body());
    if (config.credentials !== undefined) init.credentials = config.credentials;
    const response = await (config.fetch ?? fetch)(url, init);
    config.observe?.(response);
    const text = await response.text();
    return interpret(response, text);
  } catch (error) {
    if (error instanceof CortadoError) throw error;
    if (timedOut) throw new RequestTimeoutError(timeoutMs);
    if (outer?.aborted) throw new RequestAbortedError(outer.reason);
    throw new NetworkError(`Could not reach ${new URL(url).origin}: ${describe(error)}`, error);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onAbort);
  }
}

function attachRaw(init: RequestInit, raw: RawBody): void {
  init.body = raw.body;
  if (raw.contentType !== undefined)
    (init.headers as Record<string, string>)['Content-Type'] = raw.contentType;
  // Streamed request bodies must say so (Fetch's `duplex`; Node requires it).
  if (typeof ReadableStream !== 'undefined' && raw.body instanceof ReadableStream)
    (init as RequestInit & { duplex: 'half' }).duplex = 'half';
}

function interpret(response: Response, text: string): HttpResponse {
  const requestId =
    response.headers.get('x-frappe-request-id') ??
    response.headers.get('x-request-id') ??
    undefined;
  const contentType = response.headers.get('content-type') ?? '';
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new NonJsonResponseError(response.status, contentType, text, requestId);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new NonJsonResponseError(response.status, contentType, text, requestId);
  const record = body as Record<string, unknown>;
  const v2Errors = (record as Partial<V2ErrorEnvelope>).errors;
  const excType =
    (record as Partial<ErrorEnvelope>).exc_type ??
    (Array.isArray(v2Errors) ? v2Errors[0]?.type : undefined);
  if (response.ok && excType === undefined)
    return { status: response.status, headers: response.headers, body: record };
  throw createFrappeError({
    excType: typeof excType === 'string' ? excType : 'Exception',
    status: response.ok ? 500 : response.status,
    messages: messagesOf(record),
    body: record,
    requestId,
    retryAfter: parseRetryAfter(response.headers.get('retry-after')),
  });
}

/** v1 `_server_messages`, or v2 `errors` plus `messages`. */
function messagesOf(body: Record<string, unknown>): ServerMessage[] {
  const v1 = safeDecodeServerMessages(body['_server_messages']);
  const v2 = [body['errors'], body['messages']].flatMap((list) =>
    Array.isArray(list)
      ? (list.filter((m) => typeof m === 'object' && m !== null) as ServerMessage[])
      : [],
  );
  return [...v1, ...v2];
}

function buildUrl(base: string, request: HttpRequest): string {
  const url = new URL(base.replace(/\/+$/, '') + request.path);
  for (const [key, value] of Object.entries(request.query ?? {})) {
    if (value === undefined) continue;
    url.searchParams.set(key, typeof value === 'string' ? value : JSON.stringify(value));
  }
  return url.toString();
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new RequestAbortedError(signal.reason));
    const done = () => {
      signal?.removeEventListener('abort', abort);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const abort = () => {
      clearTimeout(timer);
      reject(new RequestAbortedError(signal?.reason));
    };
    signal?.addEventListener('abort', abort, { once: true });
  });
}
