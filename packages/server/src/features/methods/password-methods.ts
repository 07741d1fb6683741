import { AuthenticationError, ValidationError } from '../../core/errors/index.js';
import type { WhitelistedMethod } from '../../engine/runtime/app-definition.js';
import type { Context } from '../../engine/context.js';
import { WithHttpStatus, WithLogin } from '../../engine/runtime/method-status.js';
import { msgprint } from '../../engine/runtime/msgprint.js';
import { todayDate } from '../../engine/store/values.js';
import { smtpSenderFromConfig } from '../../platform/mail/mail-sender.js';
import { datetimeMs, hashResetKey, newResetLink } from '../auth/password-reset.js';
import { verifyPassword } from '../auth/passwords.js';
import { clearPasswordSetByOthers } from '../auth/password-set-by-others.js';
import { getPasswordHash, setUserPassword } from '../auth/user-password.js';

const USER_PATH = 'frappe.core.doctype.user.user';

/**
 * `reset_password` (docs/spec/auth.md §8): Frappe's answers — `not allowed` for
 * Administrator, `disabled`, 404 `not found` for an unknown user — and
 * otherwise a reset link by e-mail (sent after the commit). Rate-limited by
 * the built-in rule (3 an hour per IP).
 */
async function reset_password(args: Record<string, unknown>, ctx: Context): Promise<unknown> {
  const name = String(args.user ?? '');
  if (name === 'Administrator') return 'not allowed';
  const user = await ctx.uow.db
    .selectFrom('tabUser')
    .select(['name', 'enabled', 'first_name', 'last_name'])
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .executeTakeFirst();
  if (user === undefined || user.name === 'Guest') return new WithHttpStatus(404, 'not found');
  if (user.name === 'Administrator') return 'not allowed';
  if (Number(user.enabled) !== 1) return 'disabled';
  const link = await newResetLink(ctx.site, ctx.uow.db, String(user.name));
  const fullName = [user.first_name, user.last_name].filter(Boolean).join(' ') || String(user.name);
  const sender = smtpSenderFromConfig(ctx.site.config);
  ctx.uow.afterCommit(() =>
    sender?.send({
      to: String(user.name),
      subject: 'Password Reset',
      text: `Dear ${fullName},\n\nPlease click on the following link to set your new password:\n${link}\n`,
    }),
  );
  msgprint(ctx, `Password reset instructions have been sent to ${fullName}'s email`, {
    title: 'Password Email Sent',
  });
  return null;
}

async function readExpirySeconds(ctx: Context): Promise<number> {
  const row = await ctx.uow.db
    .selectFrom('tabSingles')
    .select('value')
    .where('doctype', '=', 'System Settings')
    .where('field', '=', 'reset_password_link_expiry_duration')
    .executeTakeFirst();
  return Number(row?.value ?? 0) || 0;
}

/** The user a reset key names, or Frappe's 410 message. */
async function userForKey(ctx: Context, key: string): Promise<string | WithHttpStatus> {
  const row = await ctx.uow.db
    .selectFrom('tabUser')
    .select(['name', 'last_reset_password_key_generated_on'])
    .where('reset_password_key', '=', hashResetKey(key))
    .executeTakeFirst();
  if (row === undefined || key === '')
    return new WithHttpStatus(
      410,
      'The reset password link has either been used before or is invalid',
    );
  const expiry = await readExpirySeconds(ctx);
  if (
    expiry > 0 &&
    Date.now() > datetimeMs(row.last_reset_password_key_generated_on) + expiry * 1000
  )
    return new WithHttpStatus(410, 'The reset password link has been expired');
  return String(row.name);
}

/**
 * `update_password` with a reset `key` (single use, optionally expiring) or
 * the session user's `old_password`. The new password passes the policy;
 * every session of the user ends with the change (sessions carry a stamp of
 * the password). Answers the home path and, as Frappe does, logs the user in
 * with a new session, unless they must give a second factor.
 */
async function update_password(args: Record<string, unknown>, ctx: Context): Promise<unknown> {
  const { key, old_password: oldPassword, new_password: newPassword } = args;
  if (key !== undefined && key !== null && typeof key !== 'string')
    throw new ValidationError('Invalid key type');
  if (typeof newPassword !== 'string' || newPassword === '')
    throw new ValidationError('New password is required');
  let user: string;
  if (typeof key === 'string' && key !== '') {
    const found = await userForKey(ctx, key);
    if (found instanceof WithHttpStatus) return found;
    user = found;
  } else {
    const hash = ctx.user === 'Guest' ? null : await getPasswordHash(ctx.uow.db, ctx.user);
    if (
      hash === null ||
      typeof oldPassword !== 'string' ||
      !(await verifyPassword(oldPassword, hash))
    )
      throw new AuthenticationError('Incorrect User or Password');
    user = ctx.user;
  }
  await setUserPassword(ctx.uow, user, newPassword);
  await clearPasswordSetByOthers(ctx.uow.db, user);
  await ctx.uow.db
    .updateTable('tabUser')
    .set({ reset_password_key: '', last_password_reset_date: todayDate() })
    .where('name', '=', user)
    .execute();
  const row = await ctx.uow.db
    .selectFrom('tabUser')
    .select('user_type')
    .where('name', '=', user)
    .executeTakeFirst();
  // Frappe logs the user in with the new password (login_as); see WithLogin.
  return new WithLogin(user, row?.user_type === 'Website User' ? '/me' : '/app');
}

const text = { type: 'string' } as const;

/** `update_password`, also run by the `/update-password` page. */
export const UPDATE_PASSWORD: WhitelistedMethod = {
  path: `${USER_PATH}.update_password`,
  allowGuest: true,
  methods: ['POST'],
  rateLimit: { limit: 3, seconds: 3600, methods: ['POST'] },
  params: {
    new_password: { type: 'any' },
    key: { type: 'any', optional: true },
    old_password: { type: 'any', optional: true },
    logout_all_sessions: { type: 'int', optional: true },
  },
  handler: update_password,
};

/** Frappe's password reset methods on User. */
export const PASSWORD_METHODS: readonly WhitelistedMethod[] = [
  {
    path: `${USER_PATH}.reset_password`,
    allowGuest: true,
    methods: ['POST'],
    params: { user: text },
    handler: reset_password,
  },
  UPDATE_PASSWORD,
];
