import { PermissionError, ValidationError } from '../../core/errors/index.js';
import type { WhitelistedMethod } from '../../engine/runtime/app-definition.js';
import type { Context } from '../../engine/context.js';
import {
  clearDefault,
  getDefaults,
  getGlobalDefault,
  getUserDefault,
  GLOBAL_DEFAULTS,
  setDefault,
} from '../../engine/store/defaults.js';

/** Parents only System Managers may touch: global defaults and `frappe.db.set_global` values. */
const SHARED_PARENTS = new Set([GLOBAL_DEFAULTS, '__global']);

/**
 * A user may read and write their own defaults; anyone else's, and the
 * site's, need System Manager. (Frappe's `frappe.client.set_default`
 * writes any parent a caller names; here that is a PermissionError.)
 */
function checkParent(ctx: Context, parent: string): void {
  if (parent === ctx.user && !SHARED_PARENTS.has(parent)) return;
  if (ctx.user === 'Administrator' || ctx.roles.has('System Manager')) return;
  throw new PermissionError('Not permitted to change the defaults of another user', {
    title: 'Not Permitted',
  });
}

function keyOf(args: Record<string, unknown>): string {
  const key = typeof args.key === 'string' ? args.key.trim() : '';
  if (!key) throw new ValidationError('Default key is required');
  return key;
}

function valueOf(args: Record<string, unknown>): string | null {
  const value = args.value;
  if (value === undefined || value === null) return null;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function userOf(args: Record<string, unknown>, ctx: Context): string {
  const user = typeof args.user === 'string' && args.user !== '' ? args.user : ctx.user;
  return user;
}

const text = { type: 'string' } as const;
const optionalText = { type: 'string', optional: true } as const;
const anyValue = { type: 'any', optional: true } as const;

/**
 * User and global defaults (`tabDefaultValue`): Frappe's whitelisted
 * `frappe.client.set_default`, and the `frappe.defaults.*` functions that
 * Frappe keeps server-side, served here so that clients without a boot
 * payload can read and set them. Reads of another user's defaults need
 * System Manager, as writes do.
 */
export const DEFAULTS_METHODS: readonly WhitelistedMethod[] = [
  {
    path: 'frappe.client.set_default',
    methods: ['POST'],
    summary: 'Sets a default of the session user (or of `parent`, for System Managers)',
    params: { key: text, value: anyValue, parent: optionalText },
    handler: async (args, ctx) => {
      const parent = typeof args.parent === 'string' && args.parent ? args.parent : ctx.user;
      checkParent(ctx, parent);
      await setDefault(ctx, keyOf(args), valueOf(args), parent);
      return null;
    },
  },
  {
    path: 'frappe.defaults.get_user_default',
    summary: "A user's default for `key`, else the site's",
    params: { key: text, user: optionalText },
    handler: async (args, ctx) => {
      const user = userOf(args, ctx);
      if (user !== ctx.user) checkParent(ctx, user);
      return getUserDefault(ctx, keyOf(args), user);
    },
  },
  {
    path: 'frappe.defaults.set_user_default',
    methods: ['POST'],
    summary: "Sets a user's default for `key` (another user's needs System Manager)",
    params: { key: text, value: anyValue, user: optionalText },
    handler: async (args, ctx) => {
      const user = userOf(args, ctx);
      checkParent(ctx, user);
      await setDefault(ctx, keyOf(args), valueOf(args), user);
      return null;
    },
  },
  {
    path: 'frappe.defaults.clear_user_default',
    methods: ['POST'],
    summary: "Removes a user's default for `key`",
    params: { key: text, user: optionalText },
    handler: async (args, ctx) => {
      const user = userOf(args, ctx);
      checkParent(ctx, user);
      await clearDefault(ctx, keyOf(args), user);
      return null;
    },
  },
  {
    path: 'frappe.defaults.get_defaults',
    summary: "Global defaults overlaid with a user's own",
    params: { user: optionalText },
    handler: async (args, ctx) => {
      const user = userOf(args, ctx);
      if (user !== ctx.user) checkParent(ctx, user);
      return getDefaults(ctx, user);
    },
  },
  {
    path: 'frappe.defaults.get_global_default',
    summary: "The site's default for `key`",
    params: { key: text },
    handler: (args, ctx) => getGlobalDefault(ctx, keyOf(args)),
  },
  {
    path: 'frappe.defaults.set_global_default',
    methods: ['POST'],
    summary: "Sets the site's default for `key` (System Manager)",
    params: { key: text, value: anyValue },
    handler: async (args, ctx) => {
      checkParent(ctx, GLOBAL_DEFAULTS);
      await setDefault(ctx, keyOf(args), valueOf(args), GLOBAL_DEFAULTS);
      return null;
    },
  },
];
