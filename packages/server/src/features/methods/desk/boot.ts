import type { WhitelistedMethod } from '../../../engine/runtime/app-definition.js';
import type { Context } from '../../../engine/context.js';
import { hasPermission } from '../../../engine/permissions/index.js';
import type { PermissionType } from '../../../model/meta.js';

/** The rights Frappe's boot lists per user as `can_<right>` (DocTypes with that right). */
const BOOT_RIGHTS = ['read', 'write', 'create', 'delete', 'submit', 'cancel', 'amend'] as const;

/**
 * `frappe.sessions.get`: the part of Frappe's boot information a desk needs
 * to be permission-aware — the user, their roles and, per right, the
 * DocTypes they hold it on (`user.can_read`, `user.can_create`, …, Frappe's
 * keys). Child tables are left out, as in Frappe. Guests get empty lists.
 */
async function getBoot(_args: Record<string, unknown>, ctx: Context): Promise<unknown> {
  const rights: Record<string, string[]> = {};
  for (const right of BOOT_RIGHTS) rights[`can_${right}`] = [];
  for (const meta of ctx.site.meta.all()) {
    if (meta.istable) continue;
    for (const right of BOOT_RIGHTS)
      if (await hasPermission(ctx, meta.name, right as PermissionType))
        rights[`can_${right}`]?.push(meta.name);
  }
  return { user: { name: ctx.user, roles: [...ctx.roles].sort(), ...rights } };
}

export const BOOT_METHODS: readonly WhitelistedMethod[] = [
  {
    path: 'frappe.sessions.get',
    methods: ['GET', 'POST'],
    // A Desk page asks once who it is; a guest learns only that it is Guest.
    allowGuest: true,
    summary: 'The boot information of a desk: user, roles and rights per DocType',
    handler: getBoot,
  },
];
