import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { finished, pipeline } from 'node:stream/promises';
import { BackupError } from '../../core/errors/index.js';
import { siteKey } from './password-cipher.js';

/** File layout: MAGIC ‖ IV ‖ AES-256-GCM ciphertext ‖ tag. */
const MAGIC = Buffer.from('CTDBAK1\0', 'latin1');
const IV_BYTES = 12;
const TAG_BYTES = 16;
const PURPOSE = 'backup files';

/** Encrypts `source` into `target` with AES-256-GCM under a key derived from the site's `encryption_key`. */
export async function encryptFile(
  encryptionKey: string | null,
  source: string,
  target: string,
): Promise<void> {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', siteKey(encryptionKey, PURPOSE), iv);
  const out = createWriteStream(target);
  out.write(Buffer.concat([MAGIC, iv]));
  await pipeline(createReadStream(source), cipher, out, { end: false });
  out.end(cipher.getAuthTag());
  await finished(out);
}

/**
 * Decrypts what `encryptFile` wrote. The tag is checked at the end: a
 * tampered or truncated file, or one encrypted under another key, throws
 * `BackupError` — the caller must discard `target` then, as its bytes were
 * never authenticated.
 */
export async function decryptFile(
  encryptionKey: string | null,
  source: string,
  target: string,
): Promise<void> {
  const size = (await stat(source)).size;
  const head = Buffer.alloc(MAGIC.length + IV_BYTES);
  const tag = Buffer.alloc(TAG_BYTES);
  const file = await open(source, 'r');
  try {
    if (size < head.length + TAG_BYTES) throw notOurs(source);
    await file.read(head, 0, head.length, 0);
    await file.read(tag, 0, TAG_BYTES, size - TAG_BYTES);
  } finally {
    await file.close();
  }
  if (!head.subarray(0, MAGIC.length).equals(MAGIC)) throw notOurs(source);
  const decipher = createDecipheriv(
    'aes-256-gcm',
    siteKey(encryptionKey, PURPOSE),
    head.subarray(MAGIC.length),
  );
  decipher.setAuthTag(tag);
  const body = createReadStream(source, { start: head.length, end: size - TAG_BYTES - 1 });
  try {
    await pipeline(body, decipher, createWriteStream(target));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== undefined && !isAuthFailure(error)) throw error;
    throw new BackupError(
      `${source} is damaged or was encrypted with another encryption_key; nothing was restored`,
      { cause: error },
    );
  }
}

function isAuthFailure(error: unknown): boolean {
  return /authenticate/i.test((error as Error).message);
}

function notOurs(source: string): BackupError {
  return new BackupError(`${source} is not an encrypted Cortado backup`);
}
