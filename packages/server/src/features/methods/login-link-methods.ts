import { DoesNotExistError } from '../../core/errors/index.js';
import type { WhitelistedMethod } from '../../engine/runtime/app-definition.js';
import type { Context } from '../../engine/context.js';
import { smtpSenderFromConfig } from '../../platform/mail/mail-sender.js';
import { readAuthSettings } from '../auth/auth-settings.js';
import { newLoginLink } from '../auth/login-link.js';

/**
 * `send_login_link` (docs/spec/auth.md §13): with System Settings
 * `login_with_email_link` on, mails the user a single-use login link valid
 * `login_with_email_link_expiry` minutes (sent after the commit); with it
 * off, answers nothing. An unknown address is Frappe's 404. Rate-limited by
 * the built-in rule (`rate_limit_email_link_login` an hour per IP).
 */
async function send_login_link(args: Record<string, unknown>, ctx: Context): Promise<unknown> {
  const settings = await readAuthSettings(ctx.uow.db);
  if (!settings.loginWithEmailLink) return null;
  const email = typeof args.email === 'string' ? args.email.trim() : '';
  const user = await ctx.uow.db
    .selectFrom('tabUser')
    .select('name')
    .where('name', '!=', 'Guest')
    .where((eb) => eb(eb.fn('lower', ['name']), '=', email.toLowerCase()))
    .executeTakeFirst();
  if (email === '' || user === undefined)
    throw new DoesNotExistError(`User with email address ${email} does not exist`);
  const minutes = settings.loginWithEmailLinkExpiry;
  const link = await newLoginLink(ctx.site, ctx.uow.db, String(user.name), minutes);
  const sender = smtpSenderFromConfig(ctx.site.config);
  ctx.uow.afterCommit(() =>
    sender?.send({
      to: String(user.name),
      subject: 'Login To Frappe',
      text: `Click on the link below to log in. The link expires in ${minutes} minutes.\n\n${link}\n`,
    }),
  );
  return null;
}

/** Frappe's `frappe.www.login` methods; `login_via_key` is a route (it opens a session). */
export const LOGIN_LINK_METHODS: readonly WhitelistedMethod[] = [
  {
    path: 'frappe.www.login.send_login_link',
    allowGuest: true,
    // Newest Frappe takes POST only; a GET here would run read-only and could not store the key.
    methods: ['POST'],
    params: { email: { type: 'any' } },
    handler: send_login_link,
  },
];
