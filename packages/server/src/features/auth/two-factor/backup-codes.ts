import { createHmac, randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import { siteKey } from '../../../platform/crypto/password-cipher.js';
import { AUTH_TABLE, setAuthValue } from '../../../platform/db/auth-table.js';
import { sameSecret } from '../../../platform/crypto/same-secret.js';

/**
 * Two-factor backup codes (beyond Frappe, docs/auth.md): one-time codes a
 * user keeps for when the authenticator app or the phone is out of reach.
 * Each is 10 characters from an alphabet without look-alikes (50 bits),
 * shown once as `xxxxx-xxxxx`; `__Auth` keeps, per code, an HMAC-SHA256
 * under a key derived from the site's `encryption_key`, so a database dump
 * alone cannot be searched for them. The rows are the User's
 * (`otp_backup_code_<n>`), so they follow the user through rename and delete.
 */
export const BACKUP_CODE_COUNT = 10;
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
const CODE_LENGTH = 10;
const FIELDNAMES = Array.from({ length: BACKUP_CODE_COUNT }, (_, i) => `otp_backup_code_${i + 1}`);

/** A backup code as typed: case, spaces and hyphens do not matter. */
export function normaliseBackupCode(input: string): string {
  return input.toLowerCase().replace(/[\s-]/g, '');
}

function newCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

function digest(encryptionKey: string | null | undefined, code: string): string {
  return createHmac('sha256', siteKey(encryptionKey, 'otp backup codes'))
    .update(normaliseBackupCode(code))
    .digest('hex');
}

const codeRows = (db: Kysely<any>, user: string) =>
  db
    .selectFrom(AUTH_TABLE)
    .select(['fieldname', 'password'])
    .where('doctype', '=', 'User')
    .where('name', '=', user)
    .where('fieldname', 'in', FIELDNAMES);

/**
 * A fresh set for `user`, replacing (and so invalidating) any earlier one.
 * Answers the codes in the clear, the only time they exist so.
 */
export async function regenerateBackupCodes(
  db: Kysely<any>,
  encryptionKey: string | null | undefined,
  user: string,
): Promise<string[]> {
  const codes = FIELDNAMES.map(() => newCode());
  await forgetBackupCodes(db, user);
  for (const [i, fieldname] of FIELDNAMES.entries())
    await setAuthValue(
      db,
      { doctype: 'User', name: user, fieldname },
      digest(encryptionKey, codes[i] ?? ''),
    );
  return codes;
}

/** Drops every backup code of `user` (a reset by an administrator, or before a new set). */
export async function forgetBackupCodes(db: Kysely<any>, user: string): Promise<void> {
  await db
    .deleteFrom(AUTH_TABLE)
    .where('doctype', '=', 'User')
    .where('name', '=', user)
    .where('fieldname', 'in', FIELDNAMES)
    .execute();
}

/** How many unused codes `user` has left. */
export async function remainingBackupCodes(db: Kysely<any>, user: string): Promise<number> {
  return (await codeRows(db, user).execute()).length;
}

/**
 * Spends one backup code of `user`: true exactly once per code. Every
 * stored digest is compared in constant time (no early exit, no lookup by
 * value); the matching row is then deleted, and only the caller whose
 * delete removed it wins, so two racing logins cannot both use it.
 */
export async function useBackupCode(
  db: Kysely<any>,
  encryptionKey: string | null | undefined,
  user: string,
  code: string,
): Promise<boolean> {
  const presented = digest(encryptionKey, code);
  let match: { fieldname: string; password: string } | null = null;
  for (const row of await codeRows(db, user).execute()) {
    const stored = { fieldname: String(row.fieldname), password: String(row.password) };
    if (sameSecret(presented, stored.password) && match === null) match = stored;
  }
  if (match === null) return false;
  const result = await db
    .deleteFrom(AUTH_TABLE)
    .where('doctype', '=', 'User')
    .where('name', '=', user)
    .where('fieldname', '=', match.fieldname)
    .where('password', '=', match.password)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}
