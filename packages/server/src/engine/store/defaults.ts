import { randomBytes } from 'node:crypto';
import type { Context } from '../context.js';
import { allowedValues, getUserPermissions } from '../permissions/user-permissions.js';
import { cachedForUser, userDataWritten } from '../permissions/user-cache.js';
import { nowDatetime } from './values.js';

const TABLE = 'tabDefaultValue';

/** Parent of site-wide defaults (Frappe's `__default`). */
export const GLOBAL_DEFAULTS = '__default';

/** A default's value: one text, or a list when a key was added several times (Frappe's `add_default`). */
export type DefaultValue = string | string[];

/**
 * Frappe's defaults store (`tabDefaultValue`): rows of `defkey`/`defvalue`
 * under a parent — a user's name for user defaults, `__default` for global
 * ones, `__global` for `frappe.db.set_global` values. A key added twice
 * under one parent reads as a list, in the order the rows were added.
 * Every new document reads the user's and the global ones, so they are kept
 * with the user's roles in the per-process user cache (read-only: callers
 * copy before changing).
 */
export function getDefaultsFor(
  ctx: Context,
  parent: string,
): Promise<Readonly<Record<string, DefaultValue>>> {
  return cachedForUser(ctx.site, ctx.uow, `defaults:${parent}`, () => loadDefaults(ctx, parent));
}

async function loadDefaults(ctx: Context, parent: string): Promise<Record<string, DefaultValue>> {
  const defaults: Record<string, DefaultValue> = {};
  if (!ctx.site.meta.has('DefaultValue')) return defaults;
  const rows = await ctx.uow.db
    .selectFrom(TABLE)
    .select(['defkey', 'defvalue'])
    .where('parent', '=', parent)
    .orderBy('creation')
    .orderBy('idx')
    .execute();
  for (const row of rows) {
    const key = String(row.defkey);
    if (row.defvalue === null || row.defvalue === undefined) continue;
    const value = String(row.defvalue);
    const known = defaults[key];
    if (known === undefined) defaults[key] = value;
    else if (Array.isArray(known)) {
      if (!known.includes(value)) known.push(value);
    } else if (known !== value) defaults[key] = [known, value];
  }
  return defaults;
}

/** Global defaults overlaid with `user`'s own, plus `user` and `owner` (Frappe's `get_defaults`). */
export async function getDefaults(
  ctx: Context,
  user: string = ctx.user,
): Promise<Record<string, DefaultValue>> {
  return {
    ...(await getDefaultsFor(ctx, GLOBAL_DEFAULTS)),
    ...(await getDefaultsFor(ctx, user)),
    user,
    owner: user,
  };
}

/**
 * `user`'s default for `key` (their own, else the global one); a list gives
 * its first value. Nothing when the value is a record of a DocType the
 * request's user is restricted on by User Permissions and not allowed.
 */
export async function getUserDefault(
  ctx: Context,
  key: string,
  user: string = ctx.user,
): Promise<string | null> {
  const value = firstValue((await getDefaults(ctx, user))[key]);
  if (value === null || user !== ctx.user) return value;
  const allowed = allowedValues(await getUserPermissions(ctx), key, key);
  return allowed.length > 0 && !allowed.includes(value) ? null : value;
}

/** The site-wide default for `key`. */
export async function getGlobalDefault(ctx: Context, key: string): Promise<string | null> {
  return firstValue((await getDefaultsFor(ctx, GLOBAL_DEFAULTS))[key]);
}

/** Replaces `key` under `parent` with `value`; `null` only clears it (Frappe's `set_default`). */
export async function setDefault(
  ctx: Context,
  key: string,
  value: string | null,
  parent: string,
): Promise<void> {
  await clearDefault(ctx, key, parent);
  if (value !== null) await addDefault(ctx, key, value, parent);
}

/** Adds one more value for `key` under `parent` (Frappe's `add_default`). */
export async function addDefault(
  ctx: Context,
  key: string,
  value: string,
  parent: string,
): Promise<void> {
  const now = nowDatetime();
  userDataWritten(ctx.site, ctx.uow);
  await ctx.uow.db
    .insertInto(TABLE)
    .values({
      // A random 10-hex name, as Frappe's generate_hash gives these rows.
      name: randomBytes(5).toString('hex'),
      creation: now,
      modified: now,
      owner: ctx.user,
      modified_by: ctx.user,
      docstatus: 0,
      idx: 0,
      parent,
      parenttype: '__default',
      parentfield: 'system_defaults',
      defkey: key,
      defvalue: value,
    })
    .execute();
}

/** Removes every value of `key` under `parent`. */
export async function clearDefault(ctx: Context, key: string, parent: string): Promise<void> {
  userDataWritten(ctx.site, ctx.uow);
  await ctx.uow.db
    .deleteFrom(TABLE)
    .where('defkey', '=', key)
    .where('parent', '=', parent)
    .execute();
}

function firstValue(value: DefaultValue | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? (value[0] ?? null) : value;
}
