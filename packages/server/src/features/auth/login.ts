import type { Kysely } from 'kysely';
import { AuthenticationError } from '../../core/errors/index.js';
import { readAuthSettings, type AuthSettings } from './auth-settings.js';
import { mintCsrfToken } from './csrf-token.js';
import { createLockout } from './lockout.js';
import {
  dummyPasswordHash,
  MAX_PASSWORD_LENGTH,
  hashPassword,
  needsRehash,
  verifyPassword,
} from './passwords.js';
import { endSurplusSessions } from './sessions/session-limit.js';
import { newSessionId, sessionKey, type SessionData } from './sessions/session-store.js';
import type { SiteAuth } from './site-auth.js';
import { authStamp, getPasswordHash, storePasswordHash } from './user-password.js';
import { findLoginUser, type UserRecord } from './user-record.js';
import { newResetLink, passwordExpired } from './password-reset.js';
import { passwordSetByOthers } from './password-set-by-others.js';
import { confirmTwoFactor, startTwoFactor } from './two-factor/two-factor-login.js';
import { assertIpAllowed, twoFactorRequired } from './two-factor/two-factor-policy.js';

export interface LoginInput {
  readonly usr: unknown;
  readonly pwd: unknown;
  /** The client IP, for the IP tracker and the session. */
  readonly ip: string;
  /** Two-factor step two (docs/spec/auth.md §11): the id step one answered, and the code. */
  readonly tmp_id?: unknown;
  readonly otp?: unknown;
}

/**
 * Frappe's answer body, with the new session when one was opened (auth.md
 * §4.3); two-factor step one answers without a session.
 */
export interface LoginResult {
  readonly sid?: string;
  readonly session?: SessionData;
  readonly body: Readonly<Record<string, unknown>>;
}

/** Frappe's login failures: 401 with a plain `message` and no message box. */
const fail = (message: string) => new AuthenticationError('', { bodyMessage: message });

/**
 * `/api/method/login` (docs/spec/auth.md §4.2, §7): verifies the password (a dummy hash
 * for unknown users, so timing tells nothing), checks the IP and user
 * lockout, records the outcome, then opens a session with a fresh CSRF token.
 */
export async function login(auth: SiteAuth, input: LoginInput): Promise<LoginResult> {
  const { ip } = input;
  if (typeof input.tmp_id === 'string' && input.tmp_id !== '')
    return loginSecondStep(auth, input.tmp_id, input.otp, ip);
  const { user, settings, hash } = await verifyLogin(auth, input);
  const db = auth.site.db.kysely;
  if (await passwordChangeDue(db, user.name, settings)) {
    // docs/spec/auth.md §4.2 step 4: 200 without a session, and a link to choose a new password.
    const redirect = await auth.site.db.transaction((uow) =>
      newResetLink(auth.site, uow.db, user.name, true),
    );
    return { body: { message: 'Password Reset', redirect_to: redirect } };
  }
  const secondFactor = await twoFactorRequired(db, user.name, ip, settings);
  await assertIpAllowed(db, user.name, ip, settings, secondFactor);
  if (secondFactor)
    return { body: await startTwoFactor(auth, user.name, authStamp(hash), settings) };
  return openSession(auth, user, ip, settings, hash);
}

/**
 * Frappe's `login_manager.login_as`: a session for `user`, whose identity
 * something other than the password proved (a mailed key). `restrict_ip`
 * still applies. With `secondFactor: 'require'` a user who must give a second
 * factor gets no session (they log in with password and code instead); with
 * `'bypass'` the proof stands in for it, as Frappe's login link does. Null
 * when no session was opened, including for unknown and disabled users.
 */
export async function loginAs(
  auth: SiteAuth,
  name: string,
  ip: string,
  secondFactor: 'require' | 'bypass',
): Promise<LoginResult | null> {
  const db = auth.site.db.kysely;
  const settings = await readAuthSettings(db);
  const user = await findLoginUser(db, name, settings);
  if (user === null || !user.enabled) return null;
  const needsSecondFactor = await twoFactorRequired(db, user.name, ip, settings);
  if (needsSecondFactor && secondFactor === 'require') return null;
  try {
    await assertIpAllowed(db, user.name, ip, settings, needsSecondFactor);
  } catch (error) {
    if (error instanceof AuthenticationError) return null;
    throw error;
  }
  return openSession(auth, user, ip, settings, (await getPasswordHash(db, user.name)) ?? '');
}

/**
 * The OAuth password grant: the password checks of `login`, and no way
 * around a second factor — a user who must give one is refused here and
 * signs in through the authorization-code flow instead.
 */
export async function verifyPasswordGrant(auth: SiteAuth, input: LoginInput): Promise<string> {
  const { user, settings } = await verifyLogin(auth, input);
  const db = auth.site.db.kysely;
  const secondFactor = await twoFactorRequired(db, user.name, input.ip, settings);
  await assertIpAllowed(db, user.name, input.ip, settings, secondFactor);
  if (secondFactor) throw fail('Two-factor authentication is required for this user');
  return user.name;
}

/**
 * The password checks of `login` without opening a session (the OAuth
 * password grant): the user, or the same AuthenticationError login raises.
 */
export async function verifyLogin(
  auth: SiteAuth,
  input: LoginInput,
): Promise<{ user: UserRecord; settings: AuthSettings; hash: string }> {
  const { usr, pwd, ip } = input;
  if (typeof usr !== 'string' || typeof pwd !== 'string' || usr === '' || pwd === '')
    throw fail('Incomplete login details');
  if (pwd.length > MAX_PASSWORD_LENGTH)
    throw fail('Password size exceeded the maximum allowed size');
  const db = auth.site.db.kysely;
  const settings = await readAuthSettings(db);
  if (settings.disableUserPassLogin) throw fail('Login with username and password is not allowed.');
  const user = await findLoginUser(db, usr, settings);
  const hash = user === null ? null : await getPasswordHash(db, user.name);
  const verified = await verifyPassword(pwd, hash ?? (await dummyPasswordHash()));
  const lockout = createLockout(auth.limiter, settings);
  await lockout.assertNotLocked(ip, user?.name ?? null);
  if (user === null || hash === null || !verified) {
    await lockout.recordFailure(ip, user?.name ?? null);
    throw fail('Invalid login credentials');
  }
  if (!user.enabled) {
    await lockout.recordFailure(ip, user.name);
    throw fail('User disabled or missing');
  }
  await lockout.recordSuccess(ip, user.name);
  const currentHash = needsRehash(hash) ? await rehash(auth, user.name, pwd) : hash;
  return { user, settings, hash: currentHash };
}

/**
 * `tmp_id` + `otp`: the code must match, and the user must still be enabled
 * with the password step one verified (a password changed in between ends it).
 */
async function loginSecondStep(
  auth: SiteAuth,
  tmpId: string,
  otp: unknown,
  ip: string,
): Promise<LoginResult> {
  const db = auth.site.db.kysely;
  const settings = await readAuthSettings(db);
  if (settings.disableUserPassLogin) throw fail('Login with username and password is not allowed.');
  const confirmed = await confirmTwoFactor(auth, tmpId, otp, ip, settings);
  const user = await findLoginUser(db, confirmed.user, settings);
  const hash = await getPasswordHash(db, confirmed.user);
  if (user === null || !user.enabled || authStamp(hash) !== confirmed.stamp)
    throw fail('User disabled or missing');
  await assertIpAllowed(db, user.name, ip, settings, true);
  return openSession(auth, user, ip, settings, hash ?? '');
}

/** Frappe's password age rule, or (beyond Frappe) a password someone else chose. */
async function passwordChangeDue(
  db: Kysely<any>,
  user: string,
  settings: AuthSettings,
): Promise<boolean> {
  return (
    (await passwordExpired(db, user, settings.forceUserToResetPassword)) ||
    (await passwordSetByOthers(db, user, settings))
  );
}

async function rehash(auth: SiteAuth, user: string, password: string): Promise<string> {
  const hash = await hashPassword(password);
  await auth.site.db.transaction((uow) => storePasswordHash(uow.db, user, hash));
  return hash;
}

/**
 * Opens a session for a user whose credentials were checked, applies the
 * concurrent-session limit and records the login on the User.
 */
export async function openSession(
  auth: SiteAuth,
  user: UserRecord,
  ip: string,
  settings: AuthSettings,
  passwordHash: string,
): Promise<LoginResult> {
  const sid = newSessionId();
  const now = new Date().toISOString();
  const session: SessionData = {
    user: user.name,
    full_name: user.fullName,
    user_type: user.userType,
    user_image: user.userImage,
    session_ip: ip,
    last_updated: now,
    session_expiry: settings.sessionExpiry,
    session_expiry_seconds: settings.sessionExpirySeconds,
    csrf_token: mintCsrfToken(),
    auth_stamp: authStamp(passwordHash),
  };
  await auth.sessions.put(sessionKey(sid), session, settings.sessionExpirySeconds);
  await endSurplusSessions(auth, user.name, sessionKey(sid), settings.denyMultipleSessions);
  await auth.site.db.kysely
    .updateTable('tabUser')
    .set({ last_login: now, last_ip: ip, last_active: now.slice(0, 19).replace('T', ' ') })
    .where('name', '=', user.name)
    .execute();
  return { sid, session, body: successBody(user, session.csrf_token) };
}

function successBody(user: UserRecord, csrfToken: string): Record<string, unknown> {
  const systemUser = user.userType === 'System User';
  return {
    message: systemUser ? 'Logged In' : 'No App',
    home_page: systemUser ? '/app' : '/me',
    full_name: user.fullName,
    csrf_token: csrfToken,
  };
}
