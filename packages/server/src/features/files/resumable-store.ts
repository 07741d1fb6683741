import { join } from 'node:path';
import { FileStore } from '@tus/file-store';
import type { Site } from '../../engine/site.js';

/** Folder of a site where resumable uploads collect their bytes until the last one arrives. */
const RESUMABLE_DIR = join('private', 'resumable-uploads');

/** Default of site config `resumable_upload_expiry_seconds`. */
const DEFAULT_EXPIRY_SECONDS = 86_400;

/** One tus data store per open site. */
const stores = new WeakMap<Site, FileStore>();

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
  const seconds = Number(site.config['resumable_upload_expiry_seconds'] ?? DEFAULT_EXPIRY_SECONDS);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : DEFAULT_EXPIRY_SECONDS * 1000;
}

/**
 * Removes uploads created more than the expiry ago, finished or not: an
 * abandoned upload, or one whose process died between its last byte and its
 * File row. Answers how many went.
 */
export async function sweepResumableUploads(site: Site, now = Date.now()): Promise<number> {
  const store = resumableStore(site);
  const expiryMs = resumableExpiryMs(site);
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
