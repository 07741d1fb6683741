import { destination, pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

export type { Logger } from 'pino';

/** Keys whose values never reach a log line, at any depth (compared lower-cased). */
const SECRET_KEY =
  /^(authorization|cookie|set-cookie|pwd|sid|x-frappe-csrf-token)$|password|secret|token|encryption_key/;
/** `key=value` pairs in URLs and bodies logged as strings. */
const SECRET_PAIR =
  /\b(pwd|password|new_password|old_password|api_secret|client_secret|sid|token|access_token|refresh_token)=[^&\s;]*/gi;
const REDACTED = '[Redacted]';

export interface LoggerOptions {
  readonly level?: LevelWithSilent;
  /**
   * Where lines go; tests pass a stream to read them back. Default: stdout,
   * written asynchronously (a line per request must not block the event loop
   * on a slow terminal or pipe); pino flushes what is buffered when the process exits.
   */
  readonly destination?: DestinationStream;
}

/**
 * The process logger: JSON lines through pino, with secrets (passwords,
 * API secrets, session ids, cookies, Authorization headers) replaced by
 * `[Redacted]` wherever they appear in the logged object.
 *
 * @example
 * const log = createLogger({ level: 'info' });
 * log.info({ req: { headers } }, 'request');
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const logger = pino(
    {
      level: options.level ?? 'info',
      hooks: {
        // Redacting the call's arguments, before pino reads them, also covers
        // the message pino takes from `err.message` and printf-style arguments.
        logMethod(args, method) {
          method.apply(this, args.map((arg) => redact(arg)) as typeof args);
        },
      },
    },
    options.destination ?? destination({ dest: 1, sync: false }),
  );
  return withRedactedChildren(logger);
}

/**
 * Pino serialises child bindings once, past every hook, so they are redacted
 * on the way in. Pino builds a child with `Object.create(parent)`, so this one
 * override on the root serves every descendant (Fastify makes a child per
 * request); an empty options object takes pino's cheaper path as `undefined`.
 */
function withRedactedChildren(logger: Logger): Logger {
  const child = logger.child as unknown as (
    this: Logger,
    bindings: object,
    options?: object,
  ) => Logger;
  function redactingChild(this: Logger, bindings: object, options?: object): Logger {
    const given = options === undefined || Object.keys(options).length === 0 ? undefined : options;
    return child.call(this, redact(bindings) as object, given);
  }
  logger.child = redactingChild as unknown as Logger['child'];
  return logger;
}

/** A deep copy of `value` with secret keys and `secret=value` pairs redacted. */
export function redact(value: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactString(value);
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redact(item, seen));
  if (value instanceof Error) return redactError(value, seen);
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = SECRET_KEY.test(key.toLowerCase()) ? REDACTED : redact(item, seen);
  }
  return copy;
}

function redactString(text: string): string {
  return text.replace(SECRET_PAIR, (_pair, key: string) => `${key}=${REDACTED}`);
}

function redactError(error: Error, seen: WeakSet<object>): Record<string, unknown> {
  return {
    type: error.name,
    message: redactString(error.message),
    stack: error.stack === undefined ? undefined : redactString(error.stack),
    ...(redact({ ...error }, seen) as Record<string, unknown>),
  };
}
