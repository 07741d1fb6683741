import { EXC_TYPES, statusForExcType, type ExcType } from '@cortado/protocol';

/** Options every Frappe error may carry. */
export interface FrappeErrorOptions {
  /** Message box title (Frappe's `title`, default "Message"). */
  title?: string;
  /** Keep the lower-level error for logs; never sent to clients outside developer mode. */
  cause?: unknown;
  /** Extra fields a handler wants in the body (Frappe's `message` key on some failures). */
  bodyMessage?: unknown;
  /**
   * The user-facing messages were already queued (msgprint) before raising,
   * as Frappe does for mandatory fields; the error's own text then adds no
   * message-log entry (a raise without `frappe.throw`).
   */
  messagesQueued?: boolean;
  /**
   * The status when it differs from the exception's usual one: a Server
   * Script's Python `NameError` shares a name with Frappe's 409 NameError
   * but, uncaught, answers 500.
   */
  status?: number;
}

/**
 * Base of every error Cortado answers with a Frappe error body. The `excType`
 * is Frappe's exception class name; `status` is Frappe's HTTP status for it.
 *
 * @example
 * throw new ValidationError('Amount must be positive');
 */
export class FrappeError extends Error {
  readonly excType: ExcType;
  readonly status: number;
  readonly title: string | undefined;
  readonly bodyMessage: unknown;
  readonly messagesQueued: boolean;

  constructor(excType: ExcType, message: string, options: FrappeErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = excType;
    this.excType = excType;
    this.status = options.status ?? statusForExcType(excType);
    this.title = options.title;
    this.bodyMessage = options.bodyMessage;
    this.messagesQueued = options.messagesQueued === true;
  }

  /** True when this error is `excType` or one of its Frappe subclasses. */
  is(excType: ExcType): boolean {
    return this instanceof FrappeError && isSubtype(this.excType, excType);
  }
}

function isSubtype(child: string, ancestor: string): boolean {
  let current: string | null = child;
  while (current !== null) {
    if (current === ancestor) return true;
    current = (EXC_TYPES as Record<string, { parent: string | null }>)[current]?.parent ?? null;
  }
  return false;
}
