import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { MailSender, SmsSender } from '../../../platform/mail/mail-sender.js';
import type { AuthSettings } from '../auth-settings.js';
import { loadOtpauth } from './load-otpauth.js';

/** Where second-factor codes go; either may be missing (then `token_delivery` is false). */
export interface CodeSenders {
  readonly mail: MailSender | null;
  readonly sms: SmsSender | null;
}

/** Step one's `verification` object, and the HOTP counter of a sent code. */
export interface Challenge {
  readonly verification: Readonly<Record<string, unknown>>;
  readonly counter: number | null;
}

const EMAIL_PROMPT = 'Verification code has been sent to your registered email address.';
const SETUP_PROMPT =
  'Please check your registered email address for instructions on how to proceed. Do not close this window as you will have to return to it.';

/** An HOTP counter for one e-mailed or texted code: random, so codes of two logins never coincide. */
const newCounter = () => randomInt(0, 2 ** 31);

export async function hotpCode(secret: string, counter: number): Promise<string> {
  const { HOTP, Secret } = await loadOtpauth();
  return HOTP.generate({ secret: Secret.fromBase32(secret), counter });
}

/**
 * Sends what the site's `two_factor_method` needs and builds Frappe's
 * `verification` object (docs/spec/auth.md §11): nothing to send for an authenticator
 * app already set up; a setup mail with the QR code the first time; an
 * HOTP code by e-mail or SMS otherwise. A failed delivery answers
 * `token_delivery: false` rather than an error, as Frappe does.
 */
export async function challengeFor(
  db: Kysely<any>,
  user: string,
  secret: string,
  settings: AuthSettings,
  setUp: boolean,
  senders: CodeSenders,
): Promise<Challenge> {
  const issuer = settings.otpIssuerName;
  if (settings.twoFactorMethod === 'SMS') {
    const counter = newCounter();
    const phone = await phoneOf(db, user);
    const delivered =
      senders.sms !== null &&
      phone !== '' &&
      (await attempt(async () =>
        senders.sms!.send(phone, `Your verification code is ${await hotpCode(secret, counter)}`),
      ));
    const masked = `${phone.slice(0, 4)}******${phone.slice(-3)}`;
    return {
      counter,
      verification: {
        token_delivery: delivered,
        prompt: delivered && `Enter verification code sent to ${masked}`,
        method: 'SMS',
        setup: delivered,
      },
    };
  }
  if (settings.twoFactorMethod === 'OTP App' && setUp)
    return { counter: null, verification: { method: 'OTP App', setup: true } };
  const setupMail = settings.twoFactorMethod === 'OTP App';
  const counter = setupMail ? null : newCounter();
  const mail = setupMail
    ? await setupMailFor(user, secret, issuer)
    : codeMailFor(user, await hotpCode(secret, counter!), issuer);
  const delivered =
    senders.mail !== null && (await attempt(() => senders.mail!.send({ to: user, ...mail })));
  return {
    counter,
    verification: {
      token_delivery: delivered,
      prompt: delivered && (setupMail ? SETUP_PROMPT : EMAIL_PROMPT),
      method: 'Email',
      setup: true,
    },
  };
}

async function attempt(send: () => Promise<void>): Promise<boolean> {
  try {
    await send();
    return true;
  } catch {
    return false;
  }
}

async function phoneOf(db: Kysely<any>, user: string): Promise<string> {
  const row = await db
    .selectFrom('tabUser')
    .select(['mobile_no', 'phone'])
    .where('name', '=', user)
    .executeTakeFirst();
  const pick = (value: unknown) => (typeof value === 'string' ? value : '');
  return pick(row?.mobile_no) || pick(row?.phone);
}

function codeMailFor(user: string, code: string, issuer: string) {
  return {
    subject: `Login Verification Code from ${issuer}`,
    text: `Dear ${user},\n\nYour verification code is ${code}.\n`,
  };
}

/** The one-time setup mail: the `otpauth://` URI and its QR code, inline. */
async function setupMailFor(user: string, secret: string, issuer: string) {
  const { Secret, TOTP } = await loadOtpauth();
  const uri = new TOTP({ issuer, label: user, secret: Secret.fromBase32(secret) }).toString();
  // Loaded here: only the first authenticator setup ever draws a QR code.
  const { default: QRCode } = await import('qrcode');
  const png = await QRCode.toBuffer(uri, { type: 'png', margin: 2 });
  return {
    subject: `OTP Registration Code from ${issuer}`,
    text: `Scan this link with your authenticator app (Google Authenticator, Authy, ...):\n${uri}\n`,
    html: `<p>Scan the QR code with your authenticator app, then enter the code it shows.</p><p><img src="cid:otp-qrcode" alt="QR code"></p>`,
    attachments: [{ filename: 'qrcode.png', content: png, cid: 'otp-qrcode' }],
  };
}
