import type { Readable } from 'node:stream';

/** Which of a site's two file areas an object lives in (Frappe's `public/files` and `private/files`). */
export type FileArea = 'public' | 'private';

/**
 * The address of one stored object: an area and a single file name. Built
 * only by `storageKey`, which refuses anything that could leave the area, so
 * an adapter never sees a path.
 */
export interface StorageKey {
  readonly area: FileArea;
  readonly name: string;
}

/** What `stat` knows about a stored object. */
export interface StoredObject {
  readonly size: number;
  /** Last change, for `ETag`s of objects without a content hash. */
  readonly modifiedMs: number;
}

/** An inclusive byte range, as HTTP `Range` names it. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Where file bytes live: the local disk in the site folder (default) or an
 * S3-compatible bucket. Every adapter passes the same contract suite
 * (`test/contracts/file-storage.test.ts`).
 */
export interface FileStorage {
  /** Writes the object from a stream, replacing any object of that key. Resolves once it is durable. */
  put(key: StorageKey, body: Readable): Promise<void>;
  /** Size and time of the object, or null when there is none. */
  stat(key: StorageKey): Promise<StoredObject | null>;
  /** The object's bytes (or one range of them) as a stream. Rejects when there is no object. */
  read(key: StorageKey, range?: ByteRange): Promise<Readable>;
  /** Copies an object to another key (used when a file changes area). */
  copy(from: StorageKey, to: StorageKey): Promise<void>;
  /** Removes the object; removing a missing object is not an error. */
  delete(key: StorageKey): Promise<void>;
  /** Names of every object in an area (for sweeping orphans). */
  list(area: FileArea): Promise<string[]>;
  /** A short-lived URL a client may download the object from directly, when the adapter can make one. */
  presignedUrl?(
    key: StorageKey,
    options: { readonly expiresIn: number; readonly fileName: string },
  ): Promise<string>;
  /** Removes what interrupted writes left (temporary files) older than `olderThanMs`; returns how many. */
  sweepIncomplete?(olderThanMs: number, now: number): Promise<number>;
  /** Releases connections (the S3 client's sockets). */
  close?(): void;
}

/** Longest stored name in bytes (common file system limit). */
const MAX_NAME_BYTES = 255;

/**
 * The key of `name` in `area`, or null when `name` is not a plain file name:
 * empty, `.`/`..`, a leading dot, a slash or backslash, a control character,
 * or too long. Every caller goes through here, so traversal cannot be built.
 */
export function storageKey(area: FileArea, name: string): StorageKey | null {
  if (name === '' || name.startsWith('.')) return null;
  if (name.includes('/') || name.includes('\\') || hasControlCharacter(name)) return null;
  if (Buffer.byteLength(name) > MAX_NAME_BYTES) return null;
  return { area, name };
}

function hasControlCharacter(name: string): boolean {
  for (const char of name) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
