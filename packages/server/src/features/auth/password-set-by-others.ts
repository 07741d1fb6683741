import type { Kysely } from 'kysely';
import {
  deleteAuthValue,
  getAuthValue,
  setAuthValue,
  type AuthKey,
} from '../../platform/db/auth-table.js';
import type { AuthSettings } from './auth-settings.js';
import { readAuthSettings } from './auth-settings.js';

/**
 * System Settings `force_reset_password_set_by_others` (beyond Frappe,
 * which has no such rule; docs/decisions.md): a password that someone
 * other than the user chose, typically a System Manager creating the
 * account or saving the User with a new password, must be replaced by the
 * user at their next login. The mark is one of the User's `__Auth` rows,
 * so it follows the user through rename and delete and never shows on the
 * User document.
 */
const markOf = (user: string): AuthKey => ({
  doctype: 'User',
  name: user,
  fieldname: 'password_set_by_others',
});

/**
 * Notes who chose `user`'s new password. Someone else, while the setting is
 * on, marks it (Administrator's own password excepted, as from every forced
 * reset); the user themself, or anyone while the setting is off, leaves it
 * unmarked.
 */
export async function notePasswordSetter(
  db: Kysely<any>,
  user: string,
  setter: string,
): Promise<void> {
  const marks =
    setter !== user &&
    user !== 'Administrator' &&
    (await readAuthSettings(db)).forceResetPasswordSetByOthers;
  if (marks) await setAuthValue(db, markOf(user), setter);
  else await clearPasswordSetByOthers(db, user);
}

/** The user chose a password themself (a reset key, or their old password). */
export async function clearPasswordSetByOthers(db: Kysely<any>, user: string): Promise<void> {
  await deleteAuthValue(db, markOf(user));
}

/** Whether login must send `user` to choose a new password first (only while the setting is on). */
export async function passwordSetByOthers(
  db: Kysely<any>,
  user: string,
  settings: AuthSettings,
): Promise<boolean> {
  if (!settings.forceResetPasswordSetByOthers || user === 'Administrator') return false;
  return (await getAuthValue(db, markOf(user))) !== null;
}
