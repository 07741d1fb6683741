import type { Context } from '../../engine/context.js';
import type { Doc } from '../../engine/doc.js';

const FIXED_TYPES: Readonly<Record<string, string>> = {
  Administrator: 'System User',
  Guest: 'Website User',
};

/**
 * Frappe's `set_system_user` (docs/spec/permissions.md §1.1): Administrator is always a
 * System User and Guest a Website User; anyone else is a System User when
 * at least one of their roles has desk access, else a Website User — a
 * user without roles included, as on Frappe.
 */
export async function userTypeFromRoles(ctx: Context, doc: Doc): Promise<string> {
  return userType(ctx, String(doc.name), Array.isArray(doc.roles) ? doc.roles : []);
}

async function userType(ctx: Context, user: string, rows: readonly unknown[]): Promise<string> {
  const fixed = FIXED_TYPES[user];
  if (fixed !== undefined) return fixed;
  const roles = rows
    .map((row) => (row as { role?: unknown }).role)
    .filter((role): role is string => typeof role === 'string' && role !== '');
  return (await anyDeskRole(ctx, roles)) ? 'System User' : 'Website User';
}

async function anyDeskRole(ctx: Context, roles: readonly string[]): Promise<boolean> {
  if (roles.length === 0) return false;
  const row = await ctx.uow.db
    .selectFrom('tabRole')
    .select('name')
    .where('name', 'in', [...roles])
    .where('desk_access', '=', 1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Users holding `role` in their `Has Role` rows. */
export async function roleHolders(ctx: Context, role: string): Promise<string[]> {
  const rows = await ctx.uow.db
    .selectFrom('tabHas Role')
    .select('parent')
    .distinct()
    .where('parenttype', '=', 'User')
    .where('role', '=', role)
    .execute();
  return rows.map((row) => String(row.parent));
}

/**
 * Recomputes `user_type` of `users` after one of their roles changed desk
 * access or was disabled (Frappe does the same from Role's `on_update`).
 * Written straight to the rows: the users' other fields and history stay.
 */
export async function recomputeUserTypes(ctx: Context, users: readonly string[]): Promise<void> {
  for (const user of users) await recomputeUserType(ctx, user);
}

async function recomputeUserType(ctx: Context, user: string): Promise<void> {
  const rows = await ctx.uow.db
    .selectFrom('tabHas Role')
    .select('role')
    .where('parenttype', '=', 'User')
    .where('parent', '=', user)
    .execute();
  await ctx.uow.db
    .updateTable('tabUser')
    .set({ user_type: await userType(ctx, user, rows) })
    .where('name', '=', user)
    .execute();
}
