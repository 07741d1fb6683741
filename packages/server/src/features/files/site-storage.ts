import type { Site } from '../../engine/site.js';
import type { FileArea, FileStorage, StorageKey } from '../../platform/storage/file-storage.js';
import { storageKey } from '../../platform/storage/file-storage.js';
import { createLocalStorage } from '../../platform/storage/local/local-storage.js';
import type { S3StorageOptions } from '../../platform/storage/s3/s3-storage.js';

/** One adapter per open site (an S3 client keeps its connection pool). */
const adapters = new WeakMap<Site, Promise<FileStorage>>();

/** The storage adapter of a site (site config `file_storage`): its folder, or an S3 bucket. */
export function siteStorage(site: Site): Promise<FileStorage> {
  let storage = adapters.get(site);
  if (storage === undefined) {
    storage = createStorage(site);
    adapters.set(site, storage);
    storage.catch(() => adapters.delete(site));
  }
  return storage;
}

async function createStorage(site: Site): Promise<FileStorage> {
  if (site.config['file_storage'] !== 's3') return createLocalStorage(site.path);
  // The AWS SDK is large: only sites that use S3 load it.
  const { createS3Storage } = await import('../../platform/storage/s3/s3-storage.js');
  return createS3Storage(s3OptionsOf(site));
}

/** The bucket settings of a site (`s3_*` keys); its keys start with `<site>/`. */
export function s3OptionsOf(site: Site): S3StorageOptions {
  const config = site.config;
  const bucket = config['s3_bucket'];
  if (typeof bucket !== 'string' || bucket === '') {
    throw new Error(`site ${site.name}: S3 storage is configured but s3_bucket is not set`);
  }
  return {
    bucket,
    region: String(config['s3_region'] ?? 'us-east-1'),
    endpoint: optionalString(config['s3_endpoint']),
    accessKeyId: optionalString(config['s3_access_key_id']),
    secretAccessKey: optionalString(config['s3_secret_access_key']),
    forcePathStyle: config['s3_force_path_style'] === true,
    prefix: `${site.name}/`,
  };
}

/** Seconds a presigned download URL lives, or 0 when the server streams downloads itself. */
export function presignedDownloadExpiry(site: Site, storage: FileStorage): number {
  const seconds = site.config.s3_presigned_download_expiry;
  return storage.presignedUrl !== undefined && seconds > 0 ? seconds : 0;
}

function optionalString(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** URL prefixes of the two areas, as Frappe writes `file_url`. */
export const AREA_PREFIX: Readonly<Record<FileArea, string>> = {
  public: '/files/',
  private: '/private/files/',
};

/** The area of a privacy flag. */
export function areaOf(isPrivate: unknown): FileArea {
  return Number(isPrivate) === 1 ? 'private' : 'public';
}

/** The `file_url` of a stored object. */
export function urlOf(key: StorageKey): string {
  return AREA_PREFIX[key.area] + key.name;
}

/**
 * The storage key a local `file_url` points at (`/files/a.pdf`,
 * `/private/files/a.pdf`), or null for remote URLs and anything that is not
 * one plain name in an area.
 */
export function keyOfUrl(url: unknown): StorageKey | null {
  if (typeof url !== 'string') return null;
  for (const area of ['private', 'public'] as const) {
    const prefix = AREA_PREFIX[area];
    if (url.startsWith(prefix)) return storageKey(area, url.slice(prefix.length));
  }
  return null;
}

/** Whether a `file_url` names a site-local file (as opposed to a remote URL). */
export function isLocalUrl(url: unknown): boolean {
  return (
    typeof url === 'string' && (url.startsWith('/files/') || url.startsWith('/private/files/'))
  );
}
