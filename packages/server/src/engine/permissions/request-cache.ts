import type { UnitOfWork } from '../../platform/db/database.js';

/*
 * Per-request memo: keyed by the unit of work, so entries die with the request
 * and a role or User Permission change is seen by the next request without any
 * invalidation (docs/spec/permissions.md §12.9).
 */
const caches = new WeakMap<UnitOfWork, Map<string, Promise<unknown>>>();

/** Runs `load` once per unit of work and key; later calls get the same promise. */
export function cachedPerRequest<T>(
  uow: UnitOfWork,
  key: string,
  load: () => Promise<T>,
): Promise<T> {
  let cache = caches.get(uow);
  if (cache === undefined) {
    cache = new Map();
    caches.set(uow, cache);
  }
  let entry = cache.get(key) as Promise<T> | undefined;
  if (entry === undefined) {
    entry = load();
    cache.set(key, entry);
  }
  return entry;
}
