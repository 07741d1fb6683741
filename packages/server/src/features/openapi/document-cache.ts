import type { Context } from '../../engine/context.js';
import type { AppRegistry, Site } from '../../engine/site.js';
import type { Meta } from '../../model/meta.js';
import { buildOpenApiDocument } from './build-document.js';
import type { JsonSchema } from './schema-types.js';
import {
  scriptsSignature,
  siteMethods,
  type ApiScriptMethod,
  type MethodLookup,
} from './site-methods.js';

/** Distinct role sets kept per site; the oldest is dropped past this. */
const MAX_ROLE_SETS = 16;

/** One generated document and what it was generated from. */
interface Entry {
  /** The site's DocTypes at generation: replaced as a whole on any DocType or permission change. */
  readonly metas: readonly Meta[];
  readonly apps: AppRegistry;
  readonly registry: MethodLookup;
  /** The enabled API Server Scripts at generation (`scriptsSignature`). */
  readonly scripts: string;
  readonly document: JsonSchema;
  /** The document as JSON text, made on first send. */
  text?: string;
}

const caches = new WeakMap<Site, Map<string, Entry>>();

/**
 * The document for `ctx`'s roles, generated once per site and role set and
 * kept until the site's DocTypes, permission rules, apps, methods or API
 * Server Scripts change. Metas are immutable and replaced on every change
 * (a saved DocType, a Custom DocPerm, another process's change picked up by
 * `refreshSiteMeta` at the start of the request), so comparing them by
 * identity is the invalidation, on this process and on every other. The
 * scripts are the caller's current list (the server-scripts feature's map,
 * forgotten at once on this process when a script is saved or deleted and
 * reloaded within seconds on the others), compared by content.
 *
 * @example
 * const { document } = openApiDocument(ctx, registry, await enabledApiScripts(site));
 */
export function openApiDocument(
  ctx: Context,
  registry: MethodLookup,
  scripts: readonly ApiScriptMethod[] = [],
): { readonly document: JsonSchema; json(): string } {
  const cache = cacheOf(ctx.site);
  const key = roleKey(ctx);
  let entry = cache.get(key);
  const metas = ctx.site.meta.all();
  const signature = scriptsSignature(scripts);
  if (entry === undefined || !isCurrent(entry, ctx.site, metas, registry, signature)) {
    entry = {
      metas,
      apps: ctx.site.apps,
      registry,
      scripts: signature,
      document: buildOpenApiDocument(ctx, siteMethods(registry, ctx.site, scripts)),
    };
    cache.delete(key);
    if (cache.size >= MAX_ROLE_SETS) cache.delete(cache.keys().next().value as string);
    cache.set(key, entry);
  }
  const current = entry;
  return {
    document: current.document,
    json: () => (current.text ??= JSON.stringify(current.document)),
  };
}

/** Forgets every document of `site` (tests, and changes that replace no Meta). */
export function forgetOpenApiDocuments(site: Site): void {
  caches.delete(site);
}

function cacheOf(site: Site): Map<string, Entry> {
  let cache = caches.get(site);
  if (cache === undefined) {
    cache = new Map();
    caches.set(site, cache);
  }
  return cache;
}

/** Administrator sees everything; everyone else sees what their roles grant. */
function roleKey(ctx: Context): string {
  if (ctx.user === 'Administrator') return 'Administrator';
  const guest = ctx.user === 'Guest' ? 'Guest\u0000' : '';
  return guest + [...ctx.roles].sort().join('\u0000');
}

function isCurrent(
  entry: Entry,
  site: Site,
  metas: readonly Meta[],
  registry: MethodLookup,
  scripts: string,
): boolean {
  if (entry.apps !== site.apps || entry.registry !== registry) return false;
  if (entry.scripts !== scripts) return false;
  if (entry.metas.length !== metas.length) return false;
  return metas.every((meta, index) => entry.metas[index] === meta);
}
