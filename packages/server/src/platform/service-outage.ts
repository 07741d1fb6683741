/**
 * Recognises the errors database and Redis clients raise when their server
 * is unreachable, restarting or dropped the connection, so a request that
 * met an outage answers Frappe's 503 `ServiceUnavailableError` instead of a
 * masked 500: the client may retry, and the process reconnects by itself.
 */

/** Socket-level failures (Node's `code`). */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/**
 * PostgreSQL SQLSTATEs of a server going away or not yet accepting
 * (class 08 connection exceptions; 57P01–57P03 shutdown and start-up), and
 * MariaDB driver codes for a lost connection.
 */
const SERVER_CODES = new Set([
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '57P01',
  '57P02',
  '57P03',
  'PROTOCOL_CONNECTION_LOST',
  'ER_SERVER_SHUTDOWN',
  'ER_CONNECTION_KILLED',
]);

/** Driver errors that carry no code: pg's dropped client, ioredis' closed or retried-out connection. */
const MESSAGES = [
  /^Connection terminated/,
  /^Client has encountered a connection error and is not queryable/,
  /^Connection is closed\.?$/,
  /^Stream isn't writeable/,
  /^Reached the max retries per request limit/,
  /^Can't add new command when connection is in closed state/,
];

/** True when `error`, or an error it wraps, says a backing service is unreachable. */
export function isServiceOutage(error: unknown, depth = 0): boolean {
  if (depth > 5 || typeof error !== 'object' || error === null) return false;
  const { code, message, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || SERVER_CODES.has(code))) return true;
  if (typeof message === 'string' && MESSAGES.some((pattern) => pattern.test(message))) return true;
  if (Array.isArray(errors) && errors.some((inner) => isServiceOutage(inner, depth + 1)))
    return true;
  return isServiceOutage(cause, depth + 1);
}
