import type { Site } from '../../engine/site.js';

/**
 * Delivery workers of this process by site, woken by commits that wrote or
 * re-queued deliveries. Waking them on every doc event instead cost each
 * save a second write transaction (the worker's claim) even on sites
 * without a single Webhook. Keyed weakly: a closed site leaves nothing behind.
 */
const listeners = new WeakMap<Site, Set<() => void>>();

export function onDeliveriesCommitted(site: Site, listener: () => void): () => void {
  let set = listeners.get(site);
  if (set === undefined) listeners.set(site, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}

export function deliveriesCommitted(site: Site): void {
  for (const listener of listeners.get(site) ?? []) listener();
}
