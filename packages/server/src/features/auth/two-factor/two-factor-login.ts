import type { Kysely } from 'kysely';
import { AuthenticationError } from '../../../core/errors/index.js';
import type { AuthSettings } from '../auth-settings.js';
import { createLockout } from '../lockout.js';
import type { SiteAuth } from '../site-auth.js';
import { normaliseBackupCode, useBackupCode } from './backup-codes.js';
import { challengeFor } from './deliver-code.js';
import { loadOtpauth } from './load-otpauth.js';
import {
  lastOtpStep,
  markOtpAppSetUp,
  otpAppSetUp,
  otpSecretFor,
  recordOtpStep,
} from './otp-secrets.js';
import {
  consumePendingLogin,
  loadPendingLogin,
  newTmpId,
  savePendingLogin,
  type PendingLogin,
} from './pending-logins.js';

/** How long a `tmp_id` lives: Frappe's 180 s for the app, 300 s for a sent code. */
const APP_TTL_MS = 180_000;
const SENT_CODE_TTL_MS = 300_000;
const STEP_SECONDS = 30;

const wrongCode = () => new AuthenticationError('', { bodyMessage: 'Incorrect Verification code' });

/**
 * Step one (docs/spec/auth.md §11): the password was right and the user needs a
 * second factor. Sends the code if the method needs one and answers
 * `{verification, tmp_id}` without a session.
 */
export async function startTwoFactor(
  auth: SiteAuth,
  user: string,
  stamp: string,
  settings: AuthSettings,
): Promise<Record<string, unknown>> {
  const db = auth.site.db.kysely;
  const key = auth.site.config.encryption_key;
  const secret = await auth.site.db.transaction((uow) => otpSecretFor(uow.db, key, user));
  const setUp = await otpAppSetUp(db, user);
  const challenge = await challengeFor(db, user, secret, settings, setUp, auth.senders);
  const tmpId = newTmpId();
  const ttl = challenge.counter === null ? APP_TTL_MS : SENT_CODE_TTL_MS;
  await auth.site.db.transaction((uow) =>
    savePendingLogin(uow.db, key, tmpId, {
      user,
      stamp,
      secret,
      counter: challenge.counter,
      expires: auth.now() + ttl,
    }),
  );
  return { verification: challenge.verification, tmp_id: tmpId };
}

/**
 * Step two: checks `otp` against the login waiting under `tmp_id`: a
 * six-digit code from the app or the message, or one of the user's backup
 * codes. Wrong codes count towards the lockout like wrong passwords (429
 * once locked); an authenticator code is accepted once only (its time step
 * must be newer than the last one used), a backup code once ever; the id
 * itself is single-use. Answers the user name and the password stamp
 * proven in step one.
 */
export async function confirmTwoFactor(
  auth: SiteAuth,
  tmpId: string,
  otp: unknown,
  ip: string,
  settings: AuthSettings,
): Promise<{ user: string; stamp: string }> {
  const now = auth.now();
  const pending = await loadPendingLogin(
    auth.site.db.kysely,
    auth.site.config.encryption_key,
    tmpId,
    now,
  );
  if (pending === null)
    throw new AuthenticationError('', {
      bodyMessage: 'Login session expired, refresh page to retry',
    });
  const lockout = createLockout(auth.limiter, settings);
  await lockout.assertNotLocked(ip, pending.user);
  const code = typeof otp === 'string' || typeof otp === 'number' ? String(otp).trim() : '';
  const accepted = /^\d{6}$/.test(code)
    ? await acceptOtp(auth, pending, tmpId, code, now)
    : await acceptBackupCode(auth, pending.user, tmpId, code);
  if (!accepted) {
    await lockout.recordFailure(ip, pending.user);
    throw wrongCode();
  }
  await lockout.recordSuccess(ip, pending.user);
  return { user: pending.user, stamp: pending.stamp };
}

/** A six-digit code: right, and for the app newer than the last step used; then the id is spent. */
async function acceptOtp(
  auth: SiteAuth,
  pending: PendingLogin,
  tmpId: string,
  code: string,
  now: number,
): Promise<boolean> {
  const step = await matchingStep(pending, code, now);
  // An authenticator code is refused once used, even inside its 30 s step (Frappe accepts replays).
  const fresh = async (db: Kysely<any>) =>
    pending.counter !== null || (step !== null && step > (await lastOtpStep(db, pending.user)));
  if (step === null || !(await fresh(auth.site.db.kysely))) return false;
  return auth.site.db.transaction(async (uow) => {
    if (!(await fresh(uow.db)) || !(await consumePendingLogin(uow.db, tmpId))) return false;
    if (pending.counter === null) {
      await recordOtpStep(uow.db, pending.user, step);
      await markOtpAppSetUp(uow.db, pending.user);
    }
    return true;
  });
}

/** Thrown inside the transaction to roll a spent backup code back when the id was gone. */
const ID_GONE = new Error('pending login already used');

/** A backup code: spent together with the id, in one transaction, or not at all. */
async function acceptBackupCode(
  auth: SiteAuth,
  user: string,
  tmpId: string,
  code: string,
): Promise<boolean> {
  if (normaliseBackupCode(code) === '') return false;
  try {
    return await auth.site.db.transaction(async (uow) => {
      if (!(await useBackupCode(uow.db, auth.site.config.encryption_key, user, code))) return false;
      if (!(await consumePendingLogin(uow.db, tmpId))) throw ID_GONE;
      return true;
    });
  } catch (error) {
    if (error === ID_GONE) return false;
    throw error;
  }
}

/**
 * The TOTP time step the code belongs to (one step of clock drift either
 * way), or for a sent code 0 when it matches; null when it does not match.
 */
async function matchingStep(
  pending: { secret: string; counter: number | null },
  code: string,
  now: number,
): Promise<number | null> {
  const { HOTP, Secret, TOTP } = await loadOtpauth();
  const secret = Secret.fromBase32(pending.secret);
  if (pending.counter !== null) {
    const delta = HOTP.validate({ token: code, secret, counter: pending.counter, window: 0 });
    return delta === null ? null : 0;
  }
  const delta = TOTP.validate({ token: code, secret, timestamp: now, window: 1 });
  return delta === null ? null : Math.floor(now / 1000 / STEP_SECONDS) + delta;
}
