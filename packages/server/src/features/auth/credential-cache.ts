import { SharedCache } from '../../core/cache/shared-cache.js';
import type { Site } from '../../engine/site.js';

/**
 * How long a process trusts a cached credential (API key owner and secret
 * hash, OAuth Bearer token row, session, user enabled/password stamp). Writes made through this
 * process drop the cache after they commit; writes made by another process on
 * the same database are seen within this window (docs/auth.md). Only
 * acceptances come from the cache: a credential the cache would reject is
 * read again before it is refused, so a new secret or session works at once.
 */
export const CREDENTIAL_CACHE_TTL_MS = 2000;

/** DocTypes whose writes change who a credential belongs to or whether it still works. */
const SOURCES = new Set(['User', 'Has Role', 'OAuth Bearer Token', 'OAuth Client']);

/*
 * One cache for every site of the process, keyed by a per-site number: writes
 * that fire no doc event (generate_keys, a password set from the CLI) know
 * their transaction but not their site, and simply drop it all.
 */
const cache = new SharedCache<unknown>({ ttlMs: CREDENTIAL_CACHE_TTL_MS, maxEntries: 5000 });
const siteIds = new WeakMap<Site, number>();
let nextSiteId = 0;

function siteId(site: Site): number {
  let id = siteIds.get(site);
  if (id === undefined) {
    id = nextSiteId++;
    siteIds.set(site, id);
    site.events.subscribe({
      afterCommit: (record) => {
        if (SOURCES.has(record.doctype)) forgetCredentials();
      },
    });
  }
  return id;
}

/** `load`'s value for `key` on `site`, from the cache while it is fresh. */
export function cachedCredential<T>(site: Site, key: string, load: () => Promise<T>): Promise<T> {
  return cache.get(`${siteId(site)}\u0000${key}`, load) as Promise<T>;
}

/** Reads `key` afresh (the cached value would have been refused) and caches the answer. */
export function reloadCredential<T>(site: Site, key: string, load: () => Promise<T>): Promise<T> {
  const full = `${siteId(site)}\u0000${key}`;
  cache.forget(full);
  return cache.get(full, load) as Promise<T>;
}

/** Drops every cached credential of every site; call after a committed credential write. */
export function forgetCredentials(): void {
  cache.invalidate();
}
