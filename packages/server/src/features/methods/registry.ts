import type { WhitelistedMethod } from '../../engine/runtime/app-definition.js';

/**
 * Whitelisted RPC functions by dotted path (Frappe's `@frappe.whitelist()`
 * registry). Built-ins and `frappe.client.*` are registered here once per
 * process; a site's own apps stay in its `AppRegistry`.
 */
export interface MethodRegistry {
  /** Adds methods; a later registration of the same path replaces the earlier one (Frappe's override hook). */
  register(...methods: readonly WhitelistedMethod[]): void;
  /** The method registered under `path`, if any. */
  get(path: string): WhitelistedMethod | undefined;
  /** Every registered path, sorted. */
  paths(): string[];
}

/**
 * Creates an empty registry.
 *
 * @example
 * const methods = createMethodRegistry();
 * methods.register({ path: 'ping', allowGuest: true, handler: () => 'pong' });
 * methods.get('ping')?.handler({}, ctx);
 */
export function createMethodRegistry(): MethodRegistry {
  const byPath = new Map<string, WhitelistedMethod>();
  return {
    register(...methods) {
      for (const method of methods) byPath.set(method.path, method);
    },
    get: (path) => byPath.get(path),
    paths: () => [...byPath.keys()].sort(),
  };
}
