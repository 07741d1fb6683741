import type { WhitelistedMethod } from '../../engine/runtime/app-definition.js';
import type { Site } from '../../engine/site.js';

/** The process's method registry, as far as the document needs it. */
export interface MethodLookup {
  paths(): string[];
  get(path: string): WhitelistedMethod | undefined;
}

/**
 * Every whitelisted method a request to `site` can reach, sorted by path:
 * the process's registry first, then the site's apps for the paths it
 * leaves free (the method route resolves in the same order).
 */
export function siteMethods(registry: MethodLookup, site: Site): WhitelistedMethod[] {
  const byPath = new Map<string, WhitelistedMethod>();
  for (const app of site.apps.apps)
    for (const method of app.methods ?? []) byPath.set(method.path, method);
  for (const path of registry.paths()) {
    const method = registry.get(path);
    if (method !== undefined) byPath.set(path, method);
  }
  return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
}
