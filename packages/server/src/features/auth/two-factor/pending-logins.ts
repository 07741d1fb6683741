import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { decryptPassword, encryptPassword } from '../../../platform/crypto/password-cipher.js';
import { AUTH_TABLE } from '../../../platform/db/auth-table.js';

/**
 * A login waiting for its second factor, keyed by `tmp_id`. Frappe caches
 * the user name and the plain password for the second step; we keep only
 * the proof that the password was checked (the stamp of the hash it matched)
 * plus the code material, encrypted with the site key, in `__Auth` under a
 * SHA-256 of the id, so every process and database sees the same state.
 */
export interface PendingLogin {
  readonly user: string;
  /** `authStamp` of the password hash verified in step one. */
  readonly stamp: string;
  readonly secret: string;
  /** HOTP counter of a code sent by e-mail or SMS; null for the authenticator app. */
  readonly counter: number | null;
  /** Epoch milliseconds after which the id is refused. */
  readonly expires: number;
}

const DOCTYPE = 'Two Factor Login';
const keyOf = (tmpId: string) => createHash('sha256').update(tmpId).digest('hex');

/** A new `tmp_id`: 16 random bytes as hex (Frappe uses 8 hex; clients treat it as opaque). */
export function newTmpId(): string {
  return randomBytes(16).toString('hex');
}

export async function savePendingLogin(
  db: Kysely<any>,
  encryptionKey: string | null,
  tmpId: string,
  pending: PendingLogin,
): Promise<void> {
  // Expired ids of earlier logins are swept here, the only place that writes them.
  await db
    .deleteFrom(AUTH_TABLE)
    .where('doctype', '=', DOCTYPE)
    .where('fieldname', '<', String(pending.expires - 3_600_000).padStart(15, '0'))
    .execute();
  await db
    .insertInto(AUTH_TABLE)
    .values({
      doctype: DOCTYPE,
      name: keyOf(tmpId),
      // The expiry, zero-padded so that text order is time order for the sweep above.
      fieldname: String(pending.expires).padStart(15, '0'),
      password: encryptPassword(encryptionKey, JSON.stringify(pending)),
      encrypted: 1,
    })
    .execute();
}

/** The pending login of `tmpId`, or null when unknown or expired at `now`. */
export async function loadPendingLogin(
  db: Kysely<any>,
  encryptionKey: string | null,
  tmpId: string,
  now: number,
): Promise<PendingLogin | null> {
  const row = await db
    .selectFrom(AUTH_TABLE)
    .select('password')
    .where('doctype', '=', DOCTYPE)
    .where('name', '=', keyOf(tmpId))
    .executeTakeFirst();
  if (row === undefined) return null;
  const pending = JSON.parse(decryptPassword(encryptionKey, String(row.password))) as PendingLogin;
  return pending.expires > now ? pending : null;
}

/**
 * Consumes the id: true for exactly one caller, so two requests racing
 * with the same id and code cannot both log in.
 */
export async function consumePendingLogin(db: Kysely<any>, tmpId: string): Promise<boolean> {
  const result = await db
    .deleteFrom(AUTH_TABLE)
    .where('doctype', '=', DOCTYPE)
    .where('name', '=', keyOf(tmpId))
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
