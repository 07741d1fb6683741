import type { WhitelistedMethod } from '../../engine/runtime/app-definition.js';
import type { Site } from '../../engine/site.js';

/** The process's method registry, as far as the document needs it. */
export interface MethodLookup {
  paths(): string[];
  get(path: string): WhitelistedMethod | undefined;
}

/** What the document says of a method: its path, verbs, declared arguments and result. */
export type DescribedMethod = Pick<
  WhitelistedMethod,
  'path' | 'allowGuest' | 'methods' | 'params' | 'returns' | 'summary'
>;

/**
 * The parts of an enabled API Server Script the document needs (the
 * server-scripts feature's `ServerScript` has them): it answers
 * `/api/method/<api_method>`, for Guests too when `allow_guest`.
 */
export interface ApiScriptMethod {
  readonly name: string;
  readonly api_method: string | null;
  readonly allow_guest: boolean;
}

/**
 * Every method a request to `site` can reach, sorted by path: the process's
 * registry first, then the site's apps for the paths it leaves free, and
 * API Server Scripts over both (the method route resolves in that order).
 * A script declares no arguments, so it takes and returns anything.
 */
export function siteMethods(
  registry: MethodLookup,
  site: Site,
  scripts: readonly ApiScriptMethod[] = [],
): DescribedMethod[] {
  const byPath = new Map<string, DescribedMethod>();
  for (const app of site.apps.apps)
    for (const method of app.methods ?? []) byPath.set(method.path, method);
  for (const path of registry.paths()) {
    const method = registry.get(path);
    if (method !== undefined) byPath.set(path, method);
  }
  for (const script of scripts) {
    if (!script.api_method) continue;
    byPath.set(script.api_method, {
      path: script.api_method,
      allowGuest: script.allow_guest,
      summary: `Server Script ${script.name}`,
    });
  }
  return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** What the scripts contribute to the document, as one string: equal strings, equal paths. */
export function scriptsSignature(scripts: readonly ApiScriptMethod[]): string {
  return scripts
    .map((script) => `${script.api_method ?? ''}\u0000${script.name}\u0000${script.allow_guest}`)
    .sort()
    .join('\n');
}
