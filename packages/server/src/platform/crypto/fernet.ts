import { createDecipheriv, createHmac, timingSafeEqual } from 'node:crypto';

const VERSION = 0x80;
const HEADER_BYTES = 1 + 8 + 16;
const HMAC_BYTES = 32;

/**
 * Decrypts a Fernet token (the format of Frappe's encrypted Password fields,
 * from Python's `cryptography`), following the published Fernet spec with
 * Node's primitives: the url-safe base64 key holds a 16-byte HMAC-SHA256
 * signing key and a 16-byte AES-128-CBC key; the token is
 * `0x80 ‖ timestamp(8) ‖ IV(16) ‖ ciphertext ‖ HMAC(32)`, the HMAC covering
 * everything before it. The HMAC is checked (in constant time) before
 * anything is decrypted. Frappe sets no TTL, so the timestamp is not checked.
 * Throws on a wrong key or a damaged token.
 */
export function fernetDecrypt(key: string, token: string): string {
  const keyBytes = Buffer.from(key.trim(), 'base64url');
  if (keyBytes.length !== 32)
    throw new Error('Fernet key must be 32 url-safe base64-encoded bytes');
  const data = Buffer.from(token.trim(), 'base64url');
  if (data.length < HEADER_BYTES + 16 + HMAC_BYTES || data[0] !== VERSION)
    throw new Error('Not a Fernet token');
  const signed = data.subarray(0, data.length - HMAC_BYTES);
  const expected = createHmac('sha256', keyBytes.subarray(0, 16)).update(signed).digest();
  if (!timingSafeEqual(expected, data.subarray(data.length - HMAC_BYTES)))
    throw new Error('Fernet token signature does not match');
  const decipher = createDecipheriv(
    'aes-128-cbc',
    keyBytes.subarray(16),
    data.subarray(9, HEADER_BYTES),
  );
  return Buffer.concat([
    decipher.update(data.subarray(HEADER_BYTES, data.length - HMAC_BYTES)),
    decipher.final(),
  ]).toString('utf8');
}

/** True when `stored` looks like a Fernet token (version byte 0x80 encodes as `gAAAAA`). */
export function isFernetToken(stored: string): boolean {
  return stored.startsWith('gAAAAA');
}
