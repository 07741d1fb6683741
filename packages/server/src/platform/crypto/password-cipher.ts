import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { ConfigError, ValidationError } from '../../core/errors/index.js';

/** Stored form: `gcm1:` + base64(iv ‖ tag ‖ ciphertext); the prefix leaves room for another scheme. */
const PREFIX = 'gcm1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const keys = new Map<string, Buffer>();

/**
 * A 32-byte key for one purpose (`password fields`, `backup files`), derived
 * with HKDF-SHA256 from the site's `encryption_key` so the configured value
 * (Frappe's Fernet key or any other string) is never used as a key directly,
 * and keys for different purposes are unrelated.
 */
export function siteKey(encryptionKey: string | null | undefined, purpose: string): Buffer {
  if (!encryptionKey)
    throw new ConfigError(
      `encryption_key is not set in site_config.json; ${purpose} cannot be encrypted`,
    );
  const id = `${purpose}\0${encryptionKey}`;
  let key = keys.get(id);
  if (key === undefined) {
    key = Buffer.from(hkdfSync('sha256', encryptionKey, 'cortado', purpose, 32));
    keys.set(id, key);
  }
  return key;
}

/** The AES-256 key for Password fields. */
function fieldKey(encryptionKey: string | null | undefined): Buffer {
  if (!encryptionKey)
    throw new ConfigError(
      'encryption_key is not set in site_config.json; Password fields cannot be stored',
    );
  return siteKey(encryptionKey, 'password fields');
}

/** Encrypts one secret with AES-256-GCM under a fresh random IV. */
export function encryptPassword(encryptionKey: string | null | undefined, plain: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', fieldKey(encryptionKey), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/**
 * Decrypts what `encryptPassword` produced. A tampered value or a changed
 * `encryption_key` fails authentication and throws `ValidationError`, as
 * Frappe's "Encryption key is invalid" does.
 */
export function decryptPassword(encryptionKey: string | null | undefined, stored: string): string {
  const key = fieldKey(encryptionKey);
  const raw = stored.startsWith(PREFIX) ? Buffer.from(stored.slice(PREFIX.length), 'base64') : null;
  if (raw === null || raw.length < IV_BYTES + TAG_BYTES)
    throw new ValidationError('Stored password is not in a known encrypted format');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([
      decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    throw new ValidationError('Encryption key is invalid! Please check site_config.json');
  }
}
