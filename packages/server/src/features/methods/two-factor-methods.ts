import { PermissionError, ValidationError } from '../../core/errors/index.js';
import type { WhitelistedMethod } from '../../engine/runtime/app-definition.js';
import { msgprint } from '../../engine/runtime/msgprint.js';
import { readAuthSettings } from '../auth/auth-settings.js';
import {
  BACKUP_CODE_COUNT,
  forgetBackupCodes,
  regenerateBackupCodes,
  remainingBackupCodes,
} from '../auth/two-factor/backup-codes.js';
import { resetOtpSecret } from '../auth/two-factor/otp-secrets.js';
import { assertUserExists } from '../auth/user-record.js';
import type { Context } from '../../engine/context.js';

const notPermitted = () =>
  new PermissionError('You are not permitted to access this resource.', {
    title: 'Not Permitted',
  });

/** The user named by `args.user`, whom the caller must be or manage (System Manager). */
function managedUser(args: Record<string, unknown>, ctx: Context): string {
  const user = String(args.user);
  if (ctx.user !== user && !ctx.roles.has('System Manager')) throw notPermitted();
  return user;
}

/**
 * `frappe.twofactor.reset_otp_secret` (docs/spec/auth.md §11): a System Manager (or
 * the user themself) forgets the user's authenticator secret, so the next
 * login sets the app up again. Only while two-factor login is on, as in Frappe.
 *
 * Beyond Frappe (docs/auth.md, "Backup codes"): `generate_backup_codes`
 * gives the calling user a new set of one-time codes for the second login
 * step (answered once, the old set void), `get_backup_codes_left` counts
 * the unused ones, and `reset_backup_codes` voids a user's set (the user,
 * or a System Manager for anyone).
 */
export const TWO_FACTOR_METHODS: readonly WhitelistedMethod[] = [
  {
    path: 'frappe.twofactor.reset_otp_secret',
    methods: ['POST'],
    params: { user: { type: 'string' } },
    handler: async (args, ctx) => {
      const user = managedUser(args, ctx);
      const db = ctx.uow.db;
      if (!(await readAuthSettings(db)).enableTwoFactorAuth)
        throw new ValidationError('You have to enable Two Factor Auth from System Settings.', {
          title: 'Enable Two Factor Auth',
        });
      await assertUserExists(ctx.uow.db, user);
      await resetOtpSecret(db, user);
      msgprint(ctx, 'OTP Secret has been reset. Re-registration will be required on next login.');
      return null;
    },
  },
  {
    path: 'frappe.twofactor.generate_backup_codes',
    methods: ['POST'],
    handler: async (_args, ctx) => {
      const codes = await regenerateBackupCodes(
        ctx.uow.db,
        ctx.site.config.encryption_key,
        ctx.user,
      );
      return { codes, count: BACKUP_CODE_COUNT };
    },
  },
  {
    path: 'frappe.twofactor.get_backup_codes_left',
    handler: async (_args, ctx) => remainingBackupCodes(ctx.uow.db, ctx.user),
  },
  {
    path: 'frappe.twofactor.reset_backup_codes',
    methods: ['POST'],
    params: { user: { type: 'string' } },
    handler: async (args, ctx) => {
      const user = managedUser(args, ctx);
      await assertUserExists(ctx.uow.db, user);
      await forgetBackupCodes(ctx.uow.db, user);
      msgprint(ctx, 'Backup codes have been reset. New ones must be generated before use.');
      return null;
    },
  },
];
