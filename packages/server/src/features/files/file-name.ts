import { ValidationError } from '../../core/errors/index.js';
import { storageKey } from '../../platform/storage/file-storage.js';

/**
 * A client's file name as stored: it must be one plain name. A path
 * (`../../etc/passwd`, `a/b.pdf`, `C:\x.pdf`), a leading dot, a control
 * character or an over-long name is refused rather than silently rewritten,
 * so what the client sees in `file_name` is what it sent.
 */
export function checkedFileName(value: unknown): string {
  const name = typeof value === 'string' ? value.trim() : '';
  if (storageKey('public', name) === null) {
    throw new ValidationError(
      `File name ${JSON.stringify(name)} is not allowed: give a plain file name without a path`,
    );
  }
  return name;
}

/** The last segment of a URL path, for files registered by URL only. */
export function fileNameOfUrl(url: string): string {
  const path = url.split(/[?#]/)[0] ?? '';
  const last = path.slice(path.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}
