import type { Site } from '../../engine/site.js';
import type { FileArea, FileStorage, StorageKey } from '../../platform/storage/file-storage.js';
import { storageKey } from '../../platform/storage/file-storage.js';
import { createLocalStorage } from '../../platform/storage/local/local-storage.js';

/** The storage adapter of a site: the local disk in the site folder. */
export function siteStorage(site: Site): FileStorage {
  return createLocalStorage(site.path);
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
