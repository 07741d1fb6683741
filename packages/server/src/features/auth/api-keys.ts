import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AuthenticationError, DoesNotExistError } from '../../core/errors/index.js';
import type { Site } from '../../engine/site.js';
import { getAuthRow, setAuthValue, type AuthKey } from '../../platform/db/auth-table.js';
import { fernetDecrypt, isFernetToken } from '../../platform/crypto/fernet.js';
import type { UnitOfWork } from '../../platform/db/database.js';
import { cachedCredential, forgetCredentials, reloadCredential } from './credential-cache.js';

/**
 * API secrets are stored as `$sha256$<hex>` in `__Auth`, never encrypted:
 * the secret is 32 random bytes, so a fast hash cannot be brute-forced, and
 * no key exists whose theft would reveal every secret (auth.md B-1). The
 * secret is therefore shown once, at generation, and never again.
 */
const secretKey = (user: string): AuthKey => ({
  doctype: 'User',
  name: user,
  fieldname: 'api_secret',
});

/** The user an API key authenticates, with what the request needs to know about them. */
export interface ApiKeyUser {
  readonly user: string;
  readonly userType: string;
}

/** What the request check needs of the user an API key names. */
interface KeyOwner {
  readonly name: string;
  readonly userType: string;
  readonly enabled: boolean;
  readonly secretHash: string | null;
  /** The secret was Frappe's Fernet ciphertext: rehash it in our format once it verifies. */
  readonly migrated: boolean;
}

/**
 * Frappe's `generate_keys`: keeps an existing `api_key` (15 hex characters
 * for look-alike compatibility) or makes one, and always makes a new secret
 * (64 hex), which replaces the old one at once (in other processes within
 * the credential cache's window).
 */
export async function generateApiKeys(
  uow: UnitOfWork,
  user: string,
): Promise<{ api_key: string; api_secret: string }> {
  const db = uow.db;
  const row = await db
    .selectFrom('tabUser')
    .select(['name', 'api_key'])
    .where('name', '=', user)
    .executeTakeFirst();
  if (row === undefined) throw new DoesNotExistError(`User ${user} not found`);
  const apiKey =
    typeof row.api_key === 'string' && row.api_key !== ''
      ? row.api_key
      : randomBytes(8).toString('hex').slice(0, 15);
  const apiSecret = randomBytes(32).toString('hex');
  await db
    .updateTable('tabUser')
    .set({ api_key: apiKey, api_secret: '*'.repeat(10) })
    .where('name', '=', user)
    .execute();
  await storeApiSecret(db, user, apiSecret);
  uow.afterCommit(forgetCredentials);
  return { api_key: apiKey, api_secret: apiSecret };
}

/** Stores the hash of a secret chosen elsewhere (a secret typed into the User form, imports). */
export async function storeApiSecret(db: Kysely<any>, user: string, secret: string): Promise<void> {
  await setAuthValue(db, secretKey(user), hashSecret(secret));
}

/**
 * Checks `api_key:api_secret`: an unknown key, a disabled user or a wrong
 * secret is Frappe's bare 401 (docs/spec/auth.md §2.2, B-13). The hash comparison is
 * constant-time, and an unknown key still hashes once. The key's owner comes
 * from the credential cache, but a refusal is only ever based on a fresh read.
 */
export async function verifyApiCredentials(
  site: Site,
  apiKey: string,
  apiSecret: string,
): Promise<ApiKeyUser> {
  const key = `api-key:${apiKey}`;
  const load = () => loadKeyOwner(site.db.kysely, apiKey, site.config.encryption_key);
  let owner = await cachedCredential(site, key, load);
  if (!accepts(owner, apiSecret)) owner = await reloadCredential(site, key, load);
  if (owner === null || !accepts(owner, apiSecret)) throw new AuthenticationError('');
  if (owner.migrated) {
    const name = owner.name;
    await site.db.transaction((uow) => storeApiSecret(uow.db, name, apiSecret));
    forgetCredentials();
  }
  return { user: owner.name, userType: owner.userType };
}

async function loadKeyOwner(
  db: Kysely<any>,
  apiKey: string,
  encryptionKey: string | null,
): Promise<KeyOwner | null> {
  const row = await db
    .selectFrom('tabUser')
    .select(['name', 'user_type', 'enabled'])
    .where('api_key', '=', apiKey)
    .executeTakeFirst();
  if (row === undefined) return null;
  const name = String(row.name);
  const stored = await getAuthRow(db, secretKey(name));
  const migrated = stored !== null && stored.encrypted && isFernetToken(stored.password);
  return {
    name,
    userType: String(row.user_type ?? ''),
    enabled: isEnabled(row),
    secretHash: migrated
      ? frappeSecretHash(stored.password, encryptionKey)
      : (stored?.password ?? null),
    migrated,
  };
}

/**
 * A secret imported from Frappe is Fernet ciphertext under the site's
 * `encryption_key` (docs/spec/auth.md §8, B-1): decrypted here only to be hashed like
 * ours. A wrong key leaves no secret, so the key is refused with 401.
 */
function frappeSecretHash(token: string, encryptionKey: string | null): string | null {
  if (!encryptionKey) return null;
  try {
    return hashSecret(fernetDecrypt(encryptionKey, token));
  } catch {
    return null;
  }
}

function accepts(owner: KeyOwner | null, secret: string): boolean {
  const matches = secretMatches(secret, owner?.secretHash ?? null);
  return owner !== null && matches && owner.enabled;
}

function isEnabled(row: { name: unknown; enabled: unknown }): boolean {
  return row.name === 'Administrator' || Number(row.enabled) === 1;
}

function hashSecret(secret: string): string {
  return `$sha256$${createHash('sha256').update(secret).digest('hex')}`;
}

function secretMatches(secret: string, stored: string | null): boolean {
  const actual = Buffer.from(hashSecret(secret));
  const expected = Buffer.from(stored ?? '$sha256$' + '0'.repeat(64));
  return actual.length === expected.length && timingSafeEqual(actual, expected) && stored !== null;
}
