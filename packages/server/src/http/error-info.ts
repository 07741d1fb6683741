import { FrappeError, ServiceUnavailableError } from '../core/errors/index.js';
import { isServiceOutage } from '../platform/service-outage.js';

/** An error reduced to what the wire needs, whatever its origin. */
export interface ErrorInfo {
  /** Frappe's exception name, sent as `exc_type` / `type`. */
  readonly excType: string;
  readonly status: number;
  /** User-facing text; becomes a message-log entry. Absent for masked errors. */
  readonly message?: string;
  readonly title?: string;
  /** Extra `message` key some failures carry (login). */
  readonly bodyMessage?: unknown;
  /** The error's messages are already in the log; its own text adds no entry (v1). */
  readonly messagesQueued?: boolean;
  /** Frappe never sends tracebacks for these (CSRF, 404), whoever asks. */
  readonly tracebackForbidden: boolean;
  /** Not a deliberate error: log it in full, mask it for the client. */
  readonly unexpected: boolean;
  readonly error: unknown;
}

/**
 * Fastify's own errors for bad input, mapped to Frappe exception names so a
 * client never sees Fastify's body shape nor a 500 for its own mistake.
 * Malformed JSON is Frappe's 500 `JSONDecodeError`; we answer 417 like the
 * other "Invalid request arguments" cases (docs/spec/api-rest-rpc.md §14.15).
 */
const FASTIFY_CODES: Record<string, { excType: string; status: number; message: string }> = {
  FST_ERR_MAX_PARAM_LENGTH: {
    excType: 'ValidationError',
    status: 417,
    message: 'A path parameter is too long',
  },
  FST_ERR_BAD_URL: {
    excType: 'ValidationError',
    status: 417,
    message: 'Malformed URL',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    excType: 'ValidationError',
    status: 417,
    message: 'Invalid JSON in request body',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    excType: 'RequestEntityTooLarge',
    status: 413,
    message: 'Request body is too large',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    excType: 'UnsupportedMediaType',
    status: 415,
    message: 'Unsupported content type',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    excType: 'ValidationError',
    status: 417,
    message: 'Invalid Content-Length',
  },
  FST_ERR_VALIDATION: {
    excType: 'ValidationError',
    status: 417,
    message: 'Invalid request arguments',
  },
};

/** The generic text of masked errors; the request id lets an operator find the logged details. */
export const SERVER_ERROR_MESSAGE = 'Internal Server Error';

/**
 * Classifies a thrown value: Frappe errors keep their type and status,
 * Fastify's client errors are translated, anything else is an unexpected 500.
 */
export function describeError(error: unknown): ErrorInfo {
  if (error instanceof FrappeError) return fromFrappeError(error);
  const fastify = fastifyErrorOf(error);
  if (fastify !== undefined) return fastify;
  if (isServiceOutage(error))
    return fromFrappeError(
      new ServiceUnavailableError('A service the site needs is unavailable; please try again', {
        cause: error,
      }),
    );
  return {
    excType: 'Exception',
    status: 500,
    title: 'Server Error',
    message: SERVER_ERROR_MESSAGE,
    tracebackForbidden: false,
    unexpected: true,
    error,
  };
}

function fromFrappeError(error: FrappeError): ErrorInfo {
  return {
    excType: error.excType,
    status: error.status,
    ...(error.message === '' ? {} : { message: error.message }),
    ...(error.title === undefined ? {} : { title: error.title }),
    ...(error.bodyMessage === undefined ? {} : { bodyMessage: error.bodyMessage }),
    messagesQueued: error.messagesQueued,
    tracebackForbidden: error.is('CSRFTokenError') || error.status === 404,
    unexpected: false,
    error,
  };
}

function fastifyErrorOf(error: unknown): ErrorInfo | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  const known = typeof code === 'string' ? FASTIFY_CODES[code] : undefined;
  if (known !== undefined) return { ...known, tracebackForbidden: false, unexpected: false, error };
  if (typeof statusCode !== 'number' || statusCode < 400 || statusCode >= 500) return undefined;
  const message = (error as { message?: unknown }).message;
  // Any other refusal of the client's input is Frappe's ValidationError, with its status.
  return {
    excType: statusCode === 404 ? 'DoesNotExistError' : 'ValidationError',
    status: statusCode === 404 ? 404 : 417,
    ...(typeof message === 'string' ? { message } : {}),
    tracebackForbidden: statusCode === 404,
    unexpected: false,
    error,
  };
}
