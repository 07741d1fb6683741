import { join } from 'node:path';
import { FileStore } from '@tus/file-store';
import type { Site } from '../../engine/site.js';

/** Folder of a site where resumable uploads collect their bytes until the last one arrives. */
const RESUMABLE_DIR = join('private', 'resumable-uploads');

/** One tus data store per open site. */
const stores = new WeakMap<Site, FileStore>();

/** When each open site last swept its expired uploads while serving. */
const lastSweeps = new WeakMap<Site, number>();

/** A long-running server sweeps expired uploads at most this often (and at least as often as they expire). */
const SWEEP_INTERVAL_MS = 3_600_000;

/**
 * The tus data store of a site: unfinished uploads live on the local disk of
 * the site (like the staging of `upload_file`) whatever `file_storage` says;
 * a finished upload becomes a File through the site's storage adapter.
 */
export function resumableStore(site: Site): FileStore {
  let store = stores.get(site);
  if (store === undefined) {
    store = new FileStore({
      directory: join(site.path, RESUMABLE_DIR),
      expirationPeriodInMilliseconds: resumableExpiryMs(site),
    });
    stores.set(site, store);
  }
  return store;
}

/** How long an upload may stay unfinished (site config `resumable_upload_expiry_seconds`). */
export function resumableExpiryMs(site: Site): number {
  return site.config.resumable_upload_expiry_seconds * 1000;
}

/**
 * Removes uploads created more than the expiry ago, finished or not: an
 * abandoned upload, or one whose process died between its last byte and its
 * File row. Answers how many went.
 */
export async function sweepResumableUploads(site: Site, now = Date.now()): Promise<number> {
  const store = resumableStore(site);
  const expiryMs = resumableExpiryMs(site);
  // 0 means uploads never expire, as in tus.
  if (expiryMs === 0) return 0;
  let removed = 0;
  const ids = await Promise.resolve(store.configstore.list?.() ?? []).catch(() => [] as string[]);
  for (const id of ids) {
    const info = await store.configstore.get(id).catch(() => undefined);
    const created = info?.creation_date ? Date.parse(info.creation_date) : Number.NaN;
    // An unreadable record is as abandoned as an old one.
    if (!Number.isNaN(created) && now - created < expiryMs) continue;
    await store.remove(id).catch(() => undefined);
    removed++;
  }
  return removed;
}

/**
 * The sweep of a long-running server, which opens its sites only once: run
 * when a new upload is created, at most once an hour (or once per expiry
 * period when that is shorter). Answers null when it was not yet time.
 */
export function sweepResumableUploadsWhenDue(site: Site, now = Date.now()): Promise<number> | null {
  const interval = Math.min(SWEEP_INTERVAL_MS, resumableExpiryMs(site));
  const last = lastSweeps.get(site);
  if (last !== undefined && now - last < interval) return null;
  lastSweeps.set(site, now);
  return sweepResumableUploads(site, now);
}
