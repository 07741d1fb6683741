import type { Context } from '../../engine/context.js';

/** `ctx` without permission checks: what Frappe's `db.*` and `get_all` calls see. */
export function trusted(ctx: Context): Context {
  return { ...ctx, flags: { ...ctx.flags, ignorePermissions: true } };
}
