import { AuthenticationError } from '../../../core/errors/index.js';
import type { AuthSettings } from '../auth-settings.js';
import { createLockout } from '../lockout.js';
import type { SiteAuth } from '../site-auth.js';
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
 * Step two: checks `otp` against the login waiting under `tmp_id`. Wrong
 * codes count towards the lockout like wrong passwords (429 once locked); an
 * authenticator code is accepted once only (its time step must be newer than
 * the last one used); the id itself is single-use. Answers the user name
 * and the password stamp proven in step one.
 */
export async function confirmTwoFactor(
  auth: SiteAuth,
  tmpId: string,
  otp: unknown,
  ip: string,
  settings: AuthSettings,
): Promise<{ user: string; stamp: string }> {
  const db = auth.site.db.kysely;
  const now = auth.now();
  const pending = await loadPendingLogin(db, auth.site.config.encryption_key, tmpId, now);
  if (pending === null)
    throw new AuthenticationError('', {
      bodyMessage: 'Login session expired, refresh page to retry',
    });
  const lockout = createLockout(auth.limiter, settings);
  await lockout.assertNotLocked(ip, pending.user);
  const code = typeof otp === 'string' || typeof otp === 'number' ? String(otp).trim() : '';
  const step = /^\d{6}$/.test(code) ? await matchingStep(pending, code, now) : null;
  // An authenticator code is refused once used, even inside its 30 s step (Frappe accepts replays).
  const fresh = async (db: typeof auth.site.db.kysely) =>
    pending.counter !== null || (step !== null && step > (await lastOtpStep(db, pending.user)));
  if (step === null || !(await fresh(db))) {
    await lockout.recordFailure(ip, pending.user);
    throw wrongCode();
  }
  const won = await auth.site.db.transaction(async (uow) => {
    if (!(await fresh(uow.db)) || !(await consumePendingLogin(uow.db, tmpId))) return false;
    if (pending.counter === null) {
      await recordOtpStep(uow.db, pending.user, step);
      await markOtpAppSetUp(uow.db, pending.user);
    }
    return true;
  });
  if (!won) {
    await lockout.recordFailure(ip, pending.user);
    throw wrongCode();
  }
  await lockout.recordSuccess(ip, pending.user);
  return { user: pending.user, stamp: pending.stamp };
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
