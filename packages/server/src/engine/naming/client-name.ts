import type { Meta } from '../../model/meta.js';

/**
 * Naming rules under which a name the client sends is kept on insert:
 * `prompt` (whose Naming Rule label is "Set by user") and `UUID`
 * (docs/spec/api-rest-rpc.md §4.2). Under any other rule the server names the document.
 */
const CLIENT_NAMED: ReadonlySet<string> = new Set(['prompt', 'set by user', 'uuid']);

/** Whether a client-sent `name` is honoured for new documents of this DocType. */
export function keepsClientName(meta: Meta): boolean {
  return CLIENT_NAMED.has(meta.autoname.trim().toLowerCase());
}
