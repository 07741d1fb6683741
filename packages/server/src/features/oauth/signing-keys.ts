import { randomUUID } from 'node:crypto';
import type * as Jose from 'jose';
import type { CryptoKey, JWK, KeyObject } from 'jose';
import type { Kysely } from 'kysely';
import { AUTH_TABLE, setAuthValue } from '../../platform/db/auth-table.js';
import { decryptPassword, encryptPassword } from '../../platform/crypto/password-cipher.js';

/** id_token signing keys live in `__Auth`, encrypted with the site key, one row per key id. */
const KEY_DOCTYPE = 'OAuth Signing Key';
const KEY_FIELD = 'private_jwk';
const DAY_SECONDS = 86_400;
/** A key signs for this long, then a new one takes over (docs/spec/oauth2.md B-O11). */
export const KEY_ROTATION_SECONDS = 30 * DAY_SECONDS;
/** A retired key stays published this long, so every id_token it signed still verifies. */
const KEY_RETIREMENT_SECONDS = DAY_SECONDS;

interface StoredKey {
  readonly kid: string;
  /** Epoch seconds. */
  readonly created: number;
  readonly jwk: JWK;
}

/** The key to sign with now: the newest one, or a new one when it is due for rotation. */
export async function currentSigningKey(
  db: Kysely<any>,
  encryptionKey: string | null | undefined,
  now: number,
): Promise<{ kid: string; key: CryptoKey | KeyObject | Uint8Array }> {
  const keys = await storedKeys(db, encryptionKey);
  let newest = keys.at(-1);
  if (newest === undefined || now - newest.created >= KEY_ROTATION_SECONDS) {
    newest = await createKey(db, encryptionKey, now);
    await pruneKeys(db, keys, now);
  }
  const { importJWK } = await loadJose();
  return { kid: newest.kid, key: await importJWK(newest.jwk, 'RS256') };
}

/** The JWKS document: the public halves of every key that may still verify a token. */
export async function publishedKeys(
  db: Kysely<any>,
  encryptionKey: string | null | undefined,
  now: number,
): Promise<{ keys: JWK[] }> {
  const keys = await storedKeys(db, encryptionKey);
  const live = keys.filter(
    (key, index) =>
      index === keys.length - 1 || now - (keys[index + 1]?.created ?? now) < KEY_RETIREMENT_SECONDS,
  );
  return { keys: live.map(({ kid, jwk }) => publicJwk(kid, jwk)) };
}

function publicJwk(kid: string, jwk: JWK): JWK {
  return { kty: jwk.kty, n: jwk.n, e: jwk.e, kid, alg: 'RS256', use: 'sig' } as JWK;
}

async function storedKeys(
  db: Kysely<any>,
  encryptionKey: string | null | undefined,
): Promise<StoredKey[]> {
  const rows = await db
    .selectFrom(AUTH_TABLE)
    .select(['name', 'password'])
    .where('doctype', '=', KEY_DOCTYPE)
    .where('fieldname', '=', KEY_FIELD)
    .execute();
  return rows
    .map((row) => JSON.parse(decryptPassword(encryptionKey, String(row.password))) as StoredKey)
    .sort((a, b) => a.created - b.created || a.kid.localeCompare(b.kid));
}

async function createKey(
  db: Kysely<any>,
  encryptionKey: string | null | undefined,
  now: number,
): Promise<StoredKey> {
  const { exportJWK, generateKeyPair } = await loadJose();
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const stored: StoredKey = { kid: randomUUID(), created: now, jwk: await exportJWK(privateKey) };
  const key = { doctype: KEY_DOCTYPE, name: stored.kid, fieldname: KEY_FIELD };
  await setAuthValue(db, key, encryptPassword(encryptionKey, JSON.stringify(stored)), true);
  return stored;
}

/** Keys retired long enough ago that no token they signed is still valid. */
async function pruneKeys(db: Kysely<any>, older: StoredKey[], now: number): Promise<void> {
  const expired = older.filter((key) => now - key.created > 2 * KEY_ROTATION_SECONDS);
  for (const { kid } of expired) {
    await db
      .deleteFrom(AUTH_TABLE)
      .where('doctype', '=', KEY_DOCTYPE)
      .where('name', '=', kid)
      .execute();
  }
}

/** jose (~10 MB resident) loads with a site's first ID token or key rotation, not with every process. */
export function loadJose(): Promise<typeof Jose> {
  return import('jose');
}
