import { randomBytes } from 'node:crypto';
import { encodeServerMessages, type ErrorEnvelope, type ServerMessage } from '@cortado/protocol';
import type { ErrorInfo } from './error-info.js';

/** Which API generation shapes the body: v1 (`exc_type`, `_server_messages`) or v2 (`errors`, `messages`). */
export type ApiVersion = 'v1' | 'v2';

/**
 * Adds the message log to a v1 success body (`_server_messages`, only when
 * non-empty) and any query debug output (`_debug_messages`, a JSON string
 * of a list of strings, as Frappe sends it).
 */
export function v1Body(
  payload: Record<string, unknown>,
  messages: readonly ServerMessage[],
  debugLog: readonly string[] = [],
): Record<string, unknown> {
  const body =
    messages.length === 0
      ? payload
      : { ...payload, _server_messages: encodeServerMessages(messages) };
  return debugLog.length === 0 ? body : { ...body, _debug_messages: JSON.stringify(debugLog) };
}

/** Adds the message log to a v2 success body (`messages`, structured, only when non-empty). */
export function v2Body(
  payload: Record<string, unknown>,
  messages: readonly ServerMessage[],
): Record<string, unknown> {
  return messages.length === 0 ? payload : { ...payload, messages: [...messages] };
}

/** Adds the message log in the shape of the given API version. */
export function successBody(
  version: ApiVersion,
  payload: Record<string, unknown>,
  messages: readonly ServerMessage[],
  debugLog: readonly string[] = [],
): Record<string, unknown> {
  return version === 'v1' ? v1Body(payload, messages, debugLog) : v2Body(payload, messages);
}

/** Options for rendering an error. */
export interface ErrorRenderOptions {
  /** Messages logged before the error (they stay in the body, as in Frappe). */
  readonly messages: readonly ServerMessage[];
  /** Developer mode and a System User: include `exception`/`exc`. */
  readonly showTraceback: boolean;
}

/**
 * The v1 error body (docs/spec/api-rest-rpc.md §8.2): `exc_type` always, the error's
 * own message appended to `_server_messages` with `raise_exception`, and
 * traceback keys only when allowed.
 */
export function v1ErrorBody(info: ErrorInfo, options: ErrorRenderOptions): ErrorEnvelope {
  const body: ErrorEnvelope = { exc_type: info.excType };
  if (showTraceback(info, options)) Object.assign(body, tracebackKeys(info));
  const messages = [...options.messages, ...ownMessage(info)];
  if (messages.length > 0) body._server_messages = encodeServerMessages(messages);
  if (info.bodyMessage !== undefined) body.message = info.bodyMessage;
  return body;
}

/**
 * The v2 error body (§12.4): one error object merged with the message the
 * error raised; other logged messages stay in `messages`.
 */
export function v2ErrorBody(info: ErrorInfo, options: ErrorRenderOptions): Record<string, unknown> {
  const error: Record<string, unknown> = { type: info.excType };
  if (info.message !== undefined) {
    Object.assign(error, {
      message: info.message,
      title: info.title ?? 'Message',
      indicator: 'red',
    });
  }
  if (showTraceback(info, options)) error.exception = tracebackKeys(info).exc;
  const body: Record<string, unknown> = { errors: [error] };
  if (options.messages.length > 0) body.messages = [...options.messages];
  return body;
}

/** Renders an error in the shape of the given API version. */
export function errorBody(
  version: ApiVersion,
  info: ErrorInfo,
  options: ErrorRenderOptions,
): object {
  return version === 'v1' ? v1ErrorBody(info, options) : v2ErrorBody(info, options);
}

function showTraceback(info: ErrorInfo, options: ErrorRenderOptions): boolean {
  return options.showTraceback && !info.tracebackForbidden;
}

function ownMessage(info: ErrorInfo): ServerMessage[] {
  if (info.message === undefined || info.messagesQueued === true) return [];
  return [
    {
      message: info.message,
      title: info.title ?? 'Message',
      indicator: 'red',
      raise_exception: 1,
      __frappe_exc_id: randomBytes(5).toString('hex'),
    },
  ];
}

/** `exception` is the traceback's last line; `exc` a JSON string of traceback texts (Frappe's shape). */
function tracebackKeys(info: ErrorInfo): { exception: string; exc: string } {
  const error = info.error instanceof Error ? info.error : new Error(String(info.error));
  const qualified = info.unexpected ? error.name : `frappe.exceptions.${info.excType}`;
  const exception = error.message === '' ? qualified : `${qualified}: ${error.message}`;
  return { exception, exc: JSON.stringify([error.stack ?? exception]) };
}
