import { DoesNotExistError, PermissionError, ValidationError } from '../../core/errors/index.js';
import type { WhitelistedMethod } from '../../engine/runtime/app-definition.js';
import { msgprint } from '../../engine/runtime/msgprint.js';
import { readAuthSettings } from '../auth/auth-settings.js';
import { resetOtpSecret } from '../auth/two-factor/otp-secrets.js';

/**
 * `frappe.twofactor.reset_otp_secret` (docs/spec/auth.md §11): a System Manager (or
 * the user themself) forgets the user's authenticator secret, so the next
 * login sets the app up again. Only while two-factor login is on, as in Frappe.
 */
export const TWO_FACTOR_METHODS: readonly WhitelistedMethod[] = [
  {
    path: 'frappe.twofactor.reset_otp_secret',
    methods: ['POST'],
    params: { user: { type: 'string' } },
    handler: async (args, ctx) => {
      const user = String(args.user);
      if (ctx.user !== user && !ctx.roles.has('System Manager'))
        throw new PermissionError('You are not permitted to access this resource.', {
          title: 'Not Permitted',
        });
      const db = ctx.uow.db;
      if (!(await readAuthSettings(db)).enableTwoFactorAuth)
        throw new ValidationError('You have to enable Two Factor Auth from System Settings.', {
          title: 'Enable Two Factor Auth',
        });
      const row = await db
        .selectFrom('tabUser')
        .select('name')
        .where('name', '=', user)
        .executeTakeFirst();
      if (row === undefined) throw new DoesNotExistError(`User ${user} not found`);
      await resetOtpSecret(db, user);
      msgprint(ctx, 'OTP Secret has been reset. Re-registration will be required on next login.');
      return null;
    },
  },
];
