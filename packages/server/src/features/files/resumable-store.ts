import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { FileStore } from '@tus/file-store';
import type { DataStore } from '@tus/utils';
import type { Site } from '../../engine/site.js';
import type { ResumableS3Store } from '../../platform/storage/s3/resumable-s3-store.js';
import { s3OptionsOf } from './site-storage.js';

/** Folder of a site where resumable uploads collect their bytes until the last one arrives. */
const RESUMABLE_DIR = join('private', 'resumable-uploads');

/** A tus data store that can also stream back a finished upload (both stores can). */
export type ResumableStore = DataStore & { read(id: string): Readable | Promise<Readable> };

/** The tus data store of a site and how its upload ids are made. */
interface SiteResumableStore {
  readonly store: ResumableStore;
  /**
   * Prepended to tus's random id to make the store's id: `<site>/resumable-uploads/`
   * in a bucket (one key space per site), nothing on disk. URLs carry the random part only.
   */
  readonly idPrefix: string;
  readonly sweep: (now: number) => Promise<number>;
}

/** One tus data store per open site. */
const stores = new WeakMap<Site, Promise<SiteResumableStore>>();

/** When each open site last swept its expired uploads while serving. */
const lastSweeps = new WeakMap<Site, number>();

/** A long-running server sweeps expired uploads at most this often (and at least as often as they expire). */
const SWEEP_INTERVAL_MS = 3_600_000;

/**
 * The tus data store of a site (site config `resumable_upload_storage`,
 * default `file_storage`): the site's disk, or S3 multipart uploads in the
 * site's bucket, so any server process behind a load balancer can resume.
 * A finished upload becomes a File through the site's storage adapter.
 */
export function resumableStoreOf(site: Site): Promise<SiteResumableStore> {
  let store = stores.get(site);
  if (store === undefined) {
    store = createResumableStore(site);
    stores.set(site, store);
    store.catch(() => stores.delete(site));
  }
  return store;
}

/** The store of a site's uploads (see `resumableStoreOf`). */
export async function resumableStore(site: Site): Promise<ResumableStore> {
  return (await resumableStoreOf(site)).store;
}

/** Whether a site's unfinished uploads live in its bucket. */
function inBucket(site: Site): boolean {
  return (site.config['resumable_upload_storage'] ?? site.config['file_storage']) === 's3';
}

async function createResumableStore(site: Site): Promise<SiteResumableStore> {
  const expiryMs = resumableExpiryMs(site);
  if (inBucket(site)) {
    // The AWS SDK is large: only sites that use S3 load it.
    const { ResumableS3Store } = await import('../../platform/storage/s3/resumable-s3-store.js');
    const idPrefix = `${site.name}/resumable-uploads/`;
    const store: ResumableS3Store = new ResumableS3Store({ ...s3OptionsOf(site), expiryMs });
    return { store, idPrefix, sweep: (now) => store.sweepExpired(idPrefix, expiryMs, now) };
  }
  const { FileStore } = await import('@tus/file-store');
  const store = new FileStore({
    directory: join(site.path, RESUMABLE_DIR),
    expirationPeriodInMilliseconds: expiryMs,
  });
  return { store, idPrefix: '', sweep: (now) => sweepFileStore(store, expiryMs, now) };
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
  // 0 means uploads never expire, as in tus.
  if (resumableExpiryMs(site) === 0) return 0;
  // A site that never took a resumable upload on disk has nothing to sweep, nor a store to load.
  if (!inBucket(site) && !existsSync(join(site.path, RESUMABLE_DIR))) return 0;
  return (await resumableStoreOf(site)).sweep(now);
}

async function sweepFileStore(store: FileStore, expiryMs: number, now: number): Promise<number> {
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
