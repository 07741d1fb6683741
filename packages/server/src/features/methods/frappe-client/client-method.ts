import type { HttpVerb, WhitelistedMethod } from '../../../engine/app.js';
import { assertSafeInput } from './request-values.js';

/** Verbs of `frappe.client` methods that write (api-rest-rpc.md §6.5). */
export const WRITE_VERBS: readonly HttpVerb[] = ['POST', 'PUT'];

/**
 * One `frappe.client.<name>` method. None of them admit Guest: the whitelist
 * check answers 403 before the handler runs (§6.5). Arguments are checked
 * for NUL characters and absurd nesting before anything else sees them.
 */
export function clientMethod(
  name: string,
  handler: WhitelistedMethod['handler'],
  methods?: readonly HttpVerb[],
): WhitelistedMethod {
  const guarded: WhitelistedMethod['handler'] = (args, ctx) => {
    assertSafeInput(args);
    return handler(args, ctx);
  };
  const path = `frappe.client.${name}`;
  return methods === undefined ? { path, handler: guarded } : { path, handler: guarded, methods };
}
