import type { HttpVerb, WhitelistedMethod } from '../../../engine/app.js';

/** Verbs of `frappe.client` methods that write (api-rest-rpc.md §6.5). */
export const WRITE_VERBS: readonly HttpVerb[] = ['POST', 'PUT'];

/**
 * One `frappe.client.<name>` method. None of them admit Guest: the whitelist
 * check answers 403 before the handler runs (§6.5).
 */
export function clientMethod(
  name: string,
  handler: WhitelistedMethod['handler'],
  methods?: readonly HttpVerb[],
): WhitelistedMethod {
  return methods === undefined ? { path: `frappe.client.${name}`, handler } : { path: `frappe.client.${name}`, handler, methods };
}
