import { SharedCache } from '../../core/cache/shared-cache.js';
import type { UnitOfWork } from '../../platform/db/database.js';
import type { DocEventRecord } from '../runtime/events.js';
import type { Site } from '../site.js';

/**
 * How long a process trusts cached roles and User Permissions. Changes made
 * through this process are seen at once (doc events); changes made by another
 * process on the same database are seen within this window (docs/permissions.md).
 */
export const USER_CACHE_TTL_MS = 2000;

/** DocTypes that roles, User Permissions and defaults are read from; Has Role rows change with their User. */
const SOURCES = new Set(['User', 'Has Role', 'Role', 'User Permission', 'DefaultValue']);

const caches = new WeakMap<Site, SharedCache<unknown>>();
/** Units of work that wrote a source DocType: they read their own uncommitted rows, never the cache. */
const writers = new WeakSet<UnitOfWork>();
/** The cache epoch when a unit of work first used the cache, i.e. before it read anything. */
const startEpochs = new WeakMap<UnitOfWork, number>();

function cacheOf(site: Site): SharedCache<unknown> {
  let cache = caches.get(site);
  if (cache === undefined) {
    const created = new SharedCache<unknown>({ ttlMs: USER_CACHE_TTL_MS, maxEntries: 2000 });
    // User Permissions on a tree DocType also allow its descendants, so tree edits count too.
    const concerns = (record: DocEventRecord) =>
      SOURCES.has(record.doctype) ||
      (site.meta.has(record.doctype) && site.meta.getMeta(record.doctype).is_tree);
    site.events.subscribe({
      inTransaction: async (record, ctx) => {
        if (concerns(record)) writers.add(ctx.uow);
      },
      afterCommit: (record) => {
        if (concerns(record)) created.invalidate();
      },
    });
    caches.set(site, created);
    cache = created;
  }
  return cache;
}

/**
 * Per-user data read at the start of every request (roles, User Permissions),
 * shared by the requests of one process on `site`.
 *
 * @example
 * const roles = await cachedForUser(site, uow, `roles:${user}`, () => loadRoles(uow, user));
 */
export function cachedForUser<T>(
  site: Site,
  uow: UnitOfWork,
  key: string,
  load: () => Promise<T>,
): Promise<T> {
  // Without a doc event bus (a bare site object) no write would ever reach the cache.
  if (writers.has(uow) || site.events === undefined) return load();
  const cache = cacheOf(site);
  let since = startEpochs.get(uow);
  if (since === undefined) {
    since = cache.epoch;
    startEpochs.set(uow, since);
  }
  return cache.get(key, load, since) as Promise<T>;
}

/**
 * Records a write to cached user data that fires no doc event (defaults are
 * written as plain rows): the unit of work reads around the cache from now
 * on, and its commit drops the cache.
 */
export function userDataWritten(site: Site, uow: UnitOfWork): void {
  writers.add(uow);
  uow.afterCommit(() => invalidateUserCache(site));
}

/** Drops every cached entry of `site` (e.g. after a write that fires no doc event). */
export function invalidateUserCache(site: Site): void {
  caches.get(site)?.invalidate();
}
