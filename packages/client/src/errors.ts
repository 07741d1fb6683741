import type { ServerMessage } from '@cortado/protocol';

/**
 * Every error the SDK throws extends {@link CortadoError}: the server's typed
 * errors ({@link FrappeError} and its subclasses, one per Frappe `exc_type`)
 * and the transport's own (network failure, timeout, abort, a reply that is
 * not JSON).
 *
 * @example
 * try {
 *   await client.getDoc('ToDo', 'nope');
 * } catch (error) {
 *   if (error instanceof DoesNotExistError) console.log(error.status, error.messages);
 * }
 */
export class CortadoError extends Error {
  /** HTTP status of the reply, or 0 when no reply arrived. */
  readonly status: number;
  /** The server's request id (`X-Frappe-Request-Id` / `X-Request-Id`), when it sent one. */
  readonly requestId: string | undefined;

  constructor(message: string, status: number, requestId?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CortadoError';
    this.status = status;
    this.requestId = requestId;
  }
}

/** What a {@link FrappeError} is built from. */
export interface FrappeErrorInit {
  /** Frappe's exception name (`exc_type`, or v2 `errors[0].type`). */
  readonly excType: string;
  /** HTTP status; 417 with `RateLimitExceededError` is reported as 429. */
  readonly status: number;
  /** Decoded `_server_messages` (v1) or `errors`/`messages` (v2). */
  readonly messages: readonly ServerMessage[];
  /** The parsed error body. */
  readonly body: unknown;
  readonly requestId?: string | undefined;
  /** Seconds from `Retry-After`, when sent. */
  readonly retryAfter?: number | undefined;
}

/**
 * The server answered with a Frappe error body. `message` is readable text
 * (HTML stripped) taken from the decoded messages, else from the body.
 */
export class FrappeError extends CortadoError {
  /** Frappe's exception name as the server sent it (may be a name with no class of its own). */
  readonly excType: string;
  /** Decoded server messages; `[]` when the body had none or they were malformed. */
  readonly messages: readonly ServerMessage[];
  /** The parsed error body, for anything not mapped onto fields. */
  readonly body: unknown;
  /** Seconds the server asked to wait (`Retry-After`), when sent. */
  readonly retryAfter: number | undefined;

  constructor(init: FrappeErrorInit) {
    super(readableMessage(init), init.status, init.requestId);
    this.name = init.excType;
    this.excType = init.excType;
    this.messages = init.messages;
    this.body = init.body;
    this.retryAfter = init.retryAfter;
  }
}

/** No reply: DNS failure, connection refused or reset. `cause` holds the runtime's error. */
export class NetworkError extends CortadoError {
  constructor(message: string, cause: unknown) {
    super(message, 0, undefined, { cause });
    this.name = 'NetworkError';
  }
}

/** The request (one attempt, including reading the body) took longer than its timeout. */
export class RequestTimeoutError extends CortadoError {
  /** The timeout that was exceeded, in milliseconds. */
  readonly timeoutMs: number;
  constructor(timeoutMs: number) {
    super(`Request timed out after ${timeoutMs} ms`, 0);
    this.name = 'RequestTimeoutError';
    this.timeoutMs = timeoutMs;
  }
}

/** The caller's `AbortSignal` fired; `cause` is the signal's reason. */
export class RequestAbortedError extends CortadoError {
  constructor(reason: unknown) {
    super('Request aborted', 0, undefined, { cause: reason });
    this.name = 'RequestAbortedError';
  }
}

/** The reply was not the JSON the API speaks (an HTML page from a proxy, an empty body, …). */
export class NonJsonResponseError extends CortadoError {
  /** The reply's `Content-Type`, or `''`. */
  readonly contentType: string;
  /** The first 200 characters of the reply. */
  readonly snippet: string;
  constructor(status: number, contentType: string, text: string, requestId?: string) {
    const snippet = text.slice(0, 200);
    super(
      `Expected a JSON reply but got HTTP ${status} ${contentType || 'without a content type'}: ${collapse(stripHtml(snippet)) || '(empty body)'}`,
      status,
      requestId,
    );
    this.name = 'NonJsonResponseError';
    this.contentType = contentType;
    this.snippet = snippet;
  }
}

/**
 * Decodes `_server_messages` without ever throwing: a malformed value gives
 * `[]`, a bare string entry becomes `{message: entry}`.
 */
export function safeDecodeServerMessages(encoded: unknown): ServerMessage[] {
  if (typeof encoded !== 'string') return [];
  let outer: unknown;
  try {
    outer = JSON.parse(encoded);
  } catch {
    return [];
  }
  if (!Array.isArray(outer)) return [];
  return outer.flatMap((entry): ServerMessage[] => {
    if (typeof entry === 'object' && entry !== null) return [entry as ServerMessage];
    if (typeof entry !== 'string') return [];
    try {
      const inner: unknown = JSON.parse(entry);
      if (typeof inner === 'object' && inner !== null) return [inner as ServerMessage];
    } catch {
      // A bare string: the message itself.
    }
    return [{ message: entry }];
  });
}

/** Message text without markup: tags removed, common entities decoded. */
export function stripHtml(text: string): string {
  return text
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function readableMessage(init: FrappeErrorInit): string {
  const fromMessages = init.messages
    .map((m) => (typeof m.message === 'string' ? collapse(stripHtml(m.message)) : ''))
    .filter(Boolean)
    .join('; ');
  if (fromMessages) return fromMessages;
  const body = (typeof init.body === 'object' && init.body !== null ? init.body : {}) as Record<
    string,
    unknown
  >;
  for (const key of ['message', '_error_message'] as const) {
    const value = body[key];
    if (typeof value === 'string' && value.trim()) return collapse(stripHtml(value));
  }
  // `exception` is "<module>.<Class>: <text>"; the text is what a reader needs.
  if (typeof body['exception'] === 'string') {
    const text = body['exception'].replace(/^[\w.]+:\s*/, '');
    if (text.trim()) return collapse(text);
  }
  return `${init.excType} (HTTP ${init.status})`;
}
