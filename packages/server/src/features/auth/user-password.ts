import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { UnitOfWork } from '../../platform/db/database.js';
import { getAuthValue, setAuthValue, type AuthKey } from '../../platform/db/auth-table.js';
import { readAuthSettings } from './auth-settings.js';
import { forgetCredentials } from './credential-cache.js';
import { checkPasswordPolicy } from './password-policy.js';
import { hashPassword } from './passwords.js';
import { assertUserExists } from './user-record.js';

const passwordKey = (user: string): AuthKey => ({
  doctype: 'User',
  name: user,
  fieldname: 'password',
});

export interface SetPasswordOptions {
  /** Skip System Settings' password policy (site creation, CLI). */
  readonly ignorePolicy?: boolean;
  /** False while the User row is being inserted (the controller's `validate`). */
  readonly exists?: boolean;
}

/**
 * Stores a user's new login password as a scrypt hash in `__Auth`. Every
 * session of the user ends with it: sessions carry a stamp of the hash they
 * were opened with (see `authStamp`).
 *
 * @example
 * await withContext(site, 'Administrator', (ctx) => setUserPassword(ctx.uow, 'jane@example.com', 'Secr3t-Pass!'));
 */
export async function setUserPassword(
  uow: UnitOfWork,
  user: string,
  password: string,
  options: SetPasswordOptions = {},
): Promise<void> {
  if (options.exists !== false) await assertUserExists(uow.db, user);
  const settings = await readAuthSettings(uow.db);
  await checkPasswordPolicy(
    password,
    options.ignorePolicy === true
      ? { enablePasswordPolicy: false, minimumPasswordScore: 0 }
      : settings,
    [user],
  );
  await storePasswordHash(uow.db, user, await hashPassword(password));
  // Sessions opened with the old password must end in this process at once, not when the cache expires.
  uow.afterCommit(forgetCredentials);
}

/** Writes an already computed hash (new password, or a rehash after login). */
export async function storePasswordHash(
  db: Kysely<any>,
  user: string,
  hash: string,
): Promise<void> {
  await setAuthValue(db, passwordKey(user), hash);
}

export function getPasswordHash(db: Kysely<any>, user: string): Promise<string | null> {
  return getAuthValue(db, passwordKey(user));
}

/**
 * A short fingerprint of the stored password hash. A session remembers the
 * stamp it was opened with; a new password changes the stamp and so ends
 * every older session, in every process and store.
 */
export function authStamp(hash: string | null): string {
  return createHash('sha256')
    .update(hash ?? '')
    .digest('hex')
    .slice(0, 16);
}
