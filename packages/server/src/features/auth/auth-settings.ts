import type { Kysely } from 'kysely';

/** The System Settings the auth feature reads, with Frappe's defaults (docs/spec/auth.md §6.3, §7, §8). */
export interface AuthSettings {
  /** Idle session lifetime in seconds (`session_expiry`, default `240:00:00`). */
  readonly sessionExpirySeconds: number;
  /** The setting as Frappe stores it in the session (`HHH:MM:SS`). */
  readonly sessionExpiry: string;
  /** N: failures allowed before the lock (0 = never lock). */
  readonly allowConsecutiveLoginAttempts: number;
  /** L: lock window in seconds. */
  readonly allowLoginAfterFail: number;
  readonly allowLoginUsingUserName: boolean;
  readonly allowLoginUsingMobileNumber: boolean;
  readonly disableUserPassLogin: boolean;
  readonly enablePasswordPolicy: boolean;
  readonly minimumPasswordScore: number;
  /** Two-factor login (docs/spec/auth.md §11). */
  readonly enableTwoFactorAuth: boolean;
  /** `OTP App`, `SMS` or `Email`. */
  readonly twoFactorMethod: string;
  readonly otpIssuerName: string;
  /** Users whose `restrict_ip` matches the request IP skip the second factor. */
  readonly bypass2faForRestrictedIpUsers: boolean;
  /** Users with two-factor login are not held to their `restrict_ip`. */
  readonly bypassRestrictIpCheckIf2faEnabled: boolean;
  /** Days after which a password must be changed before logging in (0: never). */
  readonly forceUserToResetPassword: number;
  /** Beyond Frappe: a password someone else set must be changed at the next login. */
  readonly forceResetPasswordSetByOthers: boolean;
  /** On login, end the user's sessions beyond their `simultaneous_sessions` (docs/spec/auth.md §6.5). */
  readonly denyMultipleSessions: boolean;
  /** `reset_password` calls allowed per IP an hour (docs/spec/rate-limiting.md §3). */
  readonly passwordResetLimit: number;
  /** `send_login_link` / `login_via_key` are open (docs/spec/auth.md §13). */
  readonly loginWithEmailLink: boolean;
  /** Minutes a mailed login link stays valid. */
  readonly loginWithEmailLinkExpiry: number;
  /** Calls of `send_login_link` and `login_via_key` allowed per IP an hour. */
  readonly rateLimitEmailLinkLogin: number;
}

const DEFAULT_EXPIRY = '240:00:00';
const FIELDS = [
  'session_expiry',
  'allow_consecutive_login_attempts',
  'allow_login_after_fail',
  'allow_login_using_user_name',
  'allow_login_using_mobile_number',
  'disable_user_pass_login',
  'enable_password_policy',
  'minimum_password_score',
  'enable_two_factor_auth',
  'two_factor_method',
  'otp_issuer_name',
  'bypass_2fa_for_retricted_ip_users',
  'bypass_restrict_ip_check_if_2fa_enabled',
  'force_user_to_reset_password',
  'force_reset_password_set_by_others',
  'deny_multiple_sessions',
  'password_reset_limit',
  'login_with_email_link',
  'login_with_email_link_expiry',
  'rate_limit_email_link_login',
];

/** Reads the auth settings from the System Settings Single (`tabSingles`). */
export async function readAuthSettings(db: Kysely<any>): Promise<AuthSettings> {
  const rows = await db
    .selectFrom('tabSingles')
    .select(['field', 'value'])
    .where('doctype', '=', 'System Settings')
    .where('field', 'in', FIELDS)
    .execute();
  const values = new Map(
    rows.map((row) => [String(row.field), row.value === null ? '' : String(row.value)]),
  );
  const text = (field: string) => values.get(field)?.trim() ?? '';
  const int = (field: string, fallback: number) =>
    text(field) === '' ? fallback : Number.parseInt(text(field), 10) || 0;
  const expiry = parseSessionExpiry(text('session_expiry'));
  return {
    sessionExpirySeconds: expiry.seconds,
    sessionExpiry: expiry.text,
    allowConsecutiveLoginAttempts: int('allow_consecutive_login_attempts', 10),
    allowLoginAfterFail: Math.max(int('allow_login_after_fail', 60), 1),
    allowLoginUsingUserName: int('allow_login_using_user_name', 0) === 1,
    allowLoginUsingMobileNumber: int('allow_login_using_mobile_number', 0) === 1,
    disableUserPassLogin: int('disable_user_pass_login', 0) === 1,
    enablePasswordPolicy: int('enable_password_policy', 0) === 1,
    minimumPasswordScore: int('minimum_password_score', 2),
    enableTwoFactorAuth: int('enable_two_factor_auth', 0) === 1,
    twoFactorMethod: text('two_factor_method') || 'OTP App',
    otpIssuerName: text('otp_issuer_name') || 'Frappe Framework',
    bypass2faForRestrictedIpUsers: int('bypass_2fa_for_retricted_ip_users', 0) === 1,
    bypassRestrictIpCheckIf2faEnabled: int('bypass_restrict_ip_check_if_2fa_enabled', 0) === 1,
    forceUserToResetPassword: Math.max(0, int('force_user_to_reset_password', 0)),
    forceResetPasswordSetByOthers: int('force_reset_password_set_by_others', 0) === 1,
    denyMultipleSessions: int('deny_multiple_sessions', 0) === 1,
    // Frappe reads these with `or <default>`: an empty or zero value means the default.
    passwordResetLimit: Math.max(0, int('password_reset_limit', 0)) || 3,
    loginWithEmailLink: int('login_with_email_link', 0) === 1,
    loginWithEmailLinkExpiry: Math.max(0, int('login_with_email_link_expiry', 0)) || 10,
    rateLimitEmailLinkLogin: Math.max(0, int('rate_limit_email_link_login', 0)) || 5,
  };
}

/** `HH:MM` or `HH:MM:SS` (hours may exceed 24); anything unreadable falls back to 240 h. */
export function parseSessionExpiry(value: string): { seconds: number; text: string } {
  const match = /^(\d+):(\d{1,2})(?::(\d{1,2}))?$/.exec(value);
  const [hours, minutes, seconds] = [match?.[1], match?.[2], match?.[3] ?? '0'].map(Number) as [
    number,
    number,
    number,
  ];
  const total = hours * 3600 + minutes * 60 + seconds;
  if (match === null || !(total > 0)) return { seconds: 864000, text: DEFAULT_EXPIRY };
  return { seconds: total, text: `${match[1]}:${match[2]}:${(match[3] ?? '00').padStart(2, '0')}` };
}
