import type { Kysely } from 'kysely';
import { decryptPassword, encryptPassword } from '../../../platform/crypto/password-cipher.js';
import {
  deleteAuthValue,
  getAuthValue,
  setAuthValue,
  type AuthKey,
} from '../../../platform/db/auth-table.js';
import { loadOtpauth } from './load-otpauth.js';

/**
 * A user's two-factor state in `__Auth` (Frappe keeps it in defaults as
 * `<user>_otpsecret` / `<user>_otplogin`): the TOTP secret, encrypted with
 * the site's key; whether the authenticator app was set up (first code
 * accepted); and the last TOTP time step used, so a code is never accepted twice.
 */
const key = (user: string, fieldname: string): AuthKey => ({
  doctype: 'User',
  name: user,
  fieldname,
});
const SECRET = 'otp_secret';
const SETUP_DONE = 'otp_login';
const LAST_STEP = 'otp_last_step';

/** The user's TOTP secret (base32), created on first use: 20 random bytes, as authenticator apps expect. */
export async function otpSecretFor(
  db: Kysely<any>,
  encryptionKey: string | null,
  user: string,
): Promise<string> {
  const stored = await getAuthValue(db, key(user, SECRET));
  if (stored !== null) return decryptPassword(encryptionKey, stored);
  const { Secret } = await loadOtpauth();
  const secret = new Secret({ size: 20 }).base32;
  await setAuthValue(db, key(user, SECRET), encryptPassword(encryptionKey, secret), true);
  return secret;
}

export async function otpAppSetUp(db: Kysely<any>, user: string): Promise<boolean> {
  return (await getAuthValue(db, key(user, SETUP_DONE))) === '1';
}

export async function markOtpAppSetUp(db: Kysely<any>, user: string): Promise<void> {
  await setAuthValue(db, key(user, SETUP_DONE), '1');
}

/** The last TOTP time step a login used, or -1. */
export async function lastOtpStep(db: Kysely<any>, user: string): Promise<number> {
  const stored = await getAuthValue(db, key(user, LAST_STEP));
  return stored === null ? -1 : Number(stored);
}

export async function recordOtpStep(db: Kysely<any>, user: string, step: number): Promise<void> {
  await setAuthValue(db, key(user, LAST_STEP), String(step));
}

/** An administrator's reset: the next login sets the authenticator app up again with a new secret. */
export async function resetOtpSecret(db: Kysely<any>, user: string): Promise<void> {
  for (const fieldname of [SECRET, SETUP_DONE, LAST_STEP])
    await deleteAuthValue(db, key(user, fieldname));
}
