import type { Context } from '../context.js';
import { cachedPerRequest } from './request-cache.js';

/**
 * System Settings `apply_strict_user_permissions`: when on, an empty Link
 * value no longer passes a User Permission restriction. Read from `tabSingles`
 * once per request; a site without the System Settings DocType has it off.
 */
export function isStrictUserPermissions(ctx: Context): Promise<boolean> {
  if (!ctx.site.meta.has('System Settings')) return Promise.resolve(false);
  return cachedPerRequest(ctx.uow, 'strict-user-permissions', async () => {
    const row = await ctx.uow.db
      .selectFrom('tabSingles')
      .select('value')
      .where('doctype', '=', 'System Settings')
      .where('field', '=', 'apply_strict_user_permissions')
      .executeTakeFirst();
    return row !== undefined && Number(row.value) === 1;
  });
}
