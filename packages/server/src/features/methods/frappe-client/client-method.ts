import type { HttpVerb, WhitelistedMethod } from '../../../engine/runtime/app-definition.js';
import { CLIENT_METHOD_DOCS } from './client-method-docs.js';

/** Verbs of `frappe.client` methods that write (docs/spec/api-rest-rpc.md §6.5). */
export const WRITE_VERBS: readonly HttpVerb[] = ['POST', 'PUT'];

/**
 * One `frappe.client.<name>` method. None of them admit Guest: the whitelist
 * check answers 403 before the handler runs (§6.5). The RPC dispatcher has
 * already refused NUL characters and absurd nesting (`safe-input.ts`).
 */
export function clientMethod(
  name: string,
  handler: WhitelistedMethod['handler'],
  methods?: readonly HttpVerb[],
): WhitelistedMethod {
  const method: WhitelistedMethod = {
    path: `frappe.client.${name}`,
    handler,
    ...CLIENT_METHOD_DOCS[name],
  };
  return methods === undefined ? method : { ...method, methods };
}
