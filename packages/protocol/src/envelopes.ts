/**
 * Response envelopes of Frappe's HTTP API.
 *
 * @example
 * const body: ResourceEnvelope<{ name: string }> = { data: { name: 'TODO-1' } };
 */

/** `/api/resource/...` success body (v1 and v2). */
export interface ResourceEnvelope<T> {
  data: T;
}

/** `/api/method/...` success body. `_server_messages` appears when messages were logged. */
export interface MethodEnvelope<T> {
  message: T;
  _server_messages?: string;
}

/** One entry of the message log, JSON-encoded inside `_server_messages`. */
export interface ServerMessage {
  message: string;
  title?: string;
  indicator?: string;
  raise_exception?: 1;
  __frappe_exc_id?: string;
}

/** v1 error body. `_server_messages` is a JSON string of a list of JSON strings. */
export interface ErrorEnvelope {
  exc_type: string;
  exception?: string;
  exc?: string;
  _exc_source?: string;
  _server_messages?: string;
  _error_message?: string;
  message?: unknown;
}

/** v2 error body. */
export interface V2ErrorEnvelope {
  errors: Array<{
    type: string;
    message: string;
    title?: string;
    indicator?: string;
    exception?: string;
  }>;
}

/** Encodes a message log the way Frappe does: a JSON string holding JSON strings. */
export function encodeServerMessages(messages: readonly ServerMessage[]): string {
  return JSON.stringify(messages.map((m) => JSON.stringify(m)));
}

/** Decodes `_server_messages` (body → string → array of strings → objects). */
export function decodeServerMessages(encoded: string): ServerMessage[] {
  const outer: unknown = JSON.parse(encoded);
  if (!Array.isArray(outer)) return [];
  return outer.map((s) =>
    typeof s === 'string' ? (JSON.parse(s) as ServerMessage) : (s as ServerMessage),
  );
}
