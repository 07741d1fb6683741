import type { Site } from '../../engine/site.js';

/**
 * Job workers of this process by site, so a commit that wrote jobs wakes them
 * at once; workers in other processes find the jobs at their next poll.
 * Keyed weakly: a closed site leaves nothing behind.
 */
const listeners = new WeakMap<Site, Set<() => void>>();

export function onJobsCommitted(site: Site, listener: () => void): () => void {
  let set = listeners.get(site);
  if (set === undefined) listeners.set(site, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}

export function jobsCommitted(site: Site): void {
  for (const listener of listeners.get(site) ?? []) listener();
}
