import type { Context } from '../../engine/context.js';
import { insertDoc } from '../../engine/document.js';

/** Frappe's two standard users (docs/spec/auth.md §12): Administrator has every role, Guest is shared by all anonymous requests. */
const STANDARD_USERS = [
  {
    name: 'Administrator',
    email: 'admin@example.com',
    first_name: 'Administrator',
    user_type: 'System User',
  },
  { name: 'Guest', email: 'guest@example.com', first_name: 'Guest', user_type: 'Website User' },
] as const;

/** Inserts Administrator and Guest when missing. Run with permissions ignored (install, CLI). */
export async function ensureStandardUsers(ctx: Context): Promise<void> {
  for (const user of STANDARD_USERS) {
    const found = await ctx.uow.db
      .selectFrom('tabUser')
      .select('name')
      .where('name', '=', user.name)
      .executeTakeFirst();
    if (found === undefined)
      await insertDoc(ctx, { doctype: 'User', enabled: 1, send_welcome_email: 0, ...user });
  }
}
