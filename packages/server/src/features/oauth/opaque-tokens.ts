import { createHash, randomInt } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A new code, access or refresh token: 30 characters of `[A-Za-z0-9]` as
 * Frappe issues them (docs/spec/oauth2.md §8), from the CSPRNG (about 178 bits).
 */
export function newOpaqueToken(length = 30): string {
  let token = '';
  for (let i = 0; i < length; i++) token += ALPHABET[randomInt(ALPHABET.length)];
  return token;
}

/**
 * What the database keeps of a code, token or client secret: its SHA-256
 * (hex). The values are long random strings, so a fast hash cannot be
 * reversed, and a row is found by hashing what the client presents.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time comparison of two hex hashes (or any two strings). */
export { sameSecret } from '../../platform/crypto/same-secret.js';
