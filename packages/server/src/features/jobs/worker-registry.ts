import type { Site } from '../../engine/site.js';

/** A worker of the embedded backend running in this process. */
interface LocalWorker {
  readonly name: string;
  readonly queues: readonly string[];
}

const registry = new WeakMap<Site, Set<LocalWorker>>();

/**
 * Records an embedded worker of this process for RQ Worker until the returned
 * function runs. Workers of other processes show while they run a job (their
 * name is on the job row); BullMQ lists its workers itself.
 */
export function registerWorker(site: Site, worker: LocalWorker): () => void {
  let set = registry.get(site);
  if (set === undefined) registry.set(site, (set = new Set()));
  set.add(worker);
  return () => set.delete(worker);
}

export function runningWorkers(site: Site): LocalWorker[] {
  return [...(registry.get(site) ?? [])];
}
