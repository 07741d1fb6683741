import {
  DoesNotExistError,
  LinkValidationError,
  PermissionError,
  ValidationError,
} from '../../core/errors/index.js';
import type { WhitelistedMethod } from '../../engine/runtime/app-definition.js';
import type { Context } from '../../engine/context.js';
import {
  applyCustomPerms,
  loadCustomPerms,
  standardPermsOf,
} from '../../engine/runtime/custom-docperms.js';
import { bumpMetaVersion } from '../../engine/runtime/meta-version.js';
import { hashName } from '../../engine/naming/make-name.js';
import { nowDatetime } from '../../engine/store/values.js';
import { loadDocPerm } from '../../model/load-docfield.js';
import type { DocPerm, Meta } from '../../model/meta.js';
import { PERMISSION_TYPES } from '../../engine/permissions/rights.js';
import { validatePermRows } from './validate-perms.js';

const TABLE = 'tabCustom DocPerm';
const PATH = 'frappe.core.page.permission_manager.permission_manager';
/** Rights that mean nothing above level 0; Frappe clears them silently there. */
const LEVEL_ZERO_ONLY = ['create', 'submit', 'cancel', 'amend'] as const;

function onlySystemManager(ctx: Context): void {
  if (!ctx.roles.has('System Manager'))
    throw new PermissionError('You are not permitted to access this resource.', {
      title: 'Not Permitted',
    });
}

function targetMeta(ctx: Context, doctype: unknown): Meta {
  const name = String(doctype ?? '');
  if (!ctx.site.meta.has(name)) throw new DoesNotExistError(`DocType ${name} not found`);
  const meta = ctx.site.meta.getMeta(name);
  if (meta.istable)
    throw new ValidationError(`${name} is a child table: it has no permissions of its own`);
  return meta;
}

const asRow = (perm: DocPerm) =>
  Object.fromEntries(
    Object.entries(perm).map(([key, value]) => [
      key,
      typeof value === 'boolean' ? Number(value) : value,
    ]),
  );

async function customRows(ctx: Context, doctype: string) {
  return ctx.uow.db
    .selectFrom(TABLE)
    .selectAll()
    .where('parent', '=', doctype)
    .orderBy('idx')
    .execute();
}

async function insertPerm(
  ctx: Context,
  doctype: string,
  idx: number,
  values: Record<string, unknown>,
) {
  const now = nowDatetime();
  await ctx.uow.db
    .insertInto(TABLE)
    .values({
      name: hashName(),
      owner: ctx.user,
      modified_by: ctx.user,
      creation: now,
      modified: now,
      docstatus: 0,
      idx,
      parent: doctype,
      parenttype: 'DocType',
      parentfield: 'permissions',
      ...values,
    })
    .execute();
}

/** The first change to a DocType's rows copies its standard rows into Custom DocPerm (Frappe's `setup_custom_perms`). */
async function setupCustomPerms(ctx: Context, meta: Meta): Promise<void> {
  if ((await customRows(ctx, meta.name)).length > 0) return;
  let idx = 0;
  for (const perm of standardPermsOf(meta)) await insertPerm(ctx, meta.name, ++idx, asRow(perm));
}

/**
 * After a change: clears level-0-only rights above level 0, validates the
 * whole set (a refusal rolls the request back), and makes every process use
 * the new rows (this one after the commit, others through the meta version).
 */
async function finish(ctx: Context, meta: Meta): Promise<void> {
  await ctx.uow.db
    .updateTable(TABLE)
    .set(Object.fromEntries(LEVEL_ZERO_ONLY.map((right) => [right, 0])))
    .where('parent', '=', meta.name)
    .where('permlevel', '>', 0)
    .execute();
  const rows = (await customRows(ctx, meta.name)).map((row) => loadDocPerm(row as never));
  validatePermRows(meta, rows);
  await bumpMetaVersion(ctx);
  const custom = await loadCustomPerms(ctx.site, ctx.uow.db);
  ctx.uow.afterCommit(() => applyCustomPerms(ctx.site, custom));
}

async function assertRoleExists(ctx: Context, role: string): Promise<void> {
  const row = await ctx.uow.db
    .selectFrom('tabRole')
    .select('name')
    .where('name', '=', role)
    .executeTakeFirst();
  if (row === undefined) throw new LinkValidationError(`Could not find Role: ${role}`);
}

const rowKey = (args: Record<string, unknown>) => ({
  role: String(args.role ?? ''),
  permlevel: Number(args.permlevel ?? 0),
  if_owner: Number(args.if_owner ?? 0) ? 1 : 0,
});

async function add(args: Record<string, unknown>, ctx: Context): Promise<null> {
  onlySystemManager(ctx);
  const meta = targetMeta(ctx, args.parent);
  const { role, permlevel } = rowKey(args);
  await assertRoleExists(ctx, role);
  await setupCustomPerms(ctx, meta);
  const rows = await customRows(ctx, meta.name);
  const exists = rows.some(
    (row) => row.role === role && Number(row.permlevel) === permlevel && Number(row.if_owner) === 0,
  );
  if (!exists) await insertPerm(ctx, meta.name, rows.length + 1, { role, permlevel, read: 1 });
  await finish(ctx, meta);
  return null;
}

async function update(args: Record<string, unknown>, ctx: Context): Promise<null> {
  onlySystemManager(ctx);
  const meta = targetMeta(ctx, args.doctype);
  const ptype = String(args.ptype ?? '');
  if (!(PERMISSION_TYPES as readonly string[]).includes(ptype))
    throw new ValidationError(`Unknown permission type: ${ptype}`);
  const key = rowKey(args);
  await setupCustomPerms(ctx, meta);
  const result = await ctx.uow.db
    .updateTable(TABLE)
    .set({ [ptype]: Number(args.value ?? 0) ? 1 : 0 })
    .where('parent', '=', meta.name)
    .where('role', '=', key.role)
    .where('permlevel', '=', key.permlevel)
    .where('if_owner', '=', key.if_owner)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0)
    throw new DoesNotExistError(
      `No permission rule for ${key.role} at level ${key.permlevel} in ${meta.name}`,
    );
  await finish(ctx, meta);
  return null;
}

async function remove(args: Record<string, unknown>, ctx: Context): Promise<null> {
  onlySystemManager(ctx);
  const meta = targetMeta(ctx, args.doctype);
  const key = rowKey(args);
  await setupCustomPerms(ctx, meta);
  await ctx.uow.db
    .deleteFrom(TABLE)
    .where('parent', '=', meta.name)
    .where('role', '=', key.role)
    .where('permlevel', '=', key.permlevel)
    .where('if_owner', '=', key.if_owner)
    .execute();
  if ((await customRows(ctx, meta.name)).length === 0)
    throw new ValidationError('There must be atleast one permission rule.', {
      title: 'Cannot Remove',
    });
  await finish(ctx, meta);
  return null;
}

/** Back to the standard DocPerm rows. */
async function reset(args: Record<string, unknown>, ctx: Context): Promise<null> {
  onlySystemManager(ctx);
  const meta = targetMeta(ctx, args.doctype);
  await ctx.uow.db.deleteFrom(TABLE).where('parent', '=', meta.name).execute();
  await bumpMetaVersion(ctx);
  const custom = await loadCustomPerms(ctx.site, ctx.uow.db);
  ctx.uow.afterCommit(() => applyCustomPerms(ctx.site, custom));
  return null;
}

/** The rows in force for one DocType (custom when there are any), with `parent`. */
async function get_permissions(args: Record<string, unknown>, ctx: Context): Promise<unknown[]> {
  onlySystemManager(ctx);
  const meta = targetMeta(ctx, args.doctype);
  const rows = ctx.site.meta.getMeta(meta.name).permissions;
  const role = typeof args.role === 'string' && args.role !== '' ? args.role : null;
  return rows
    .filter((row) => role === null || row.role === role)
    .map((row) => ({ parent: meta.name, ...asRow(row) }));
}

const text = { type: 'string' } as const;
const optionalText = { type: 'string', optional: true } as const;
const int = { type: 'int', optional: true } as const;

/** The Role Permission Manager's API (Custom DocPerm), System Managers only. */
export const PERMISSION_MANAGER_METHODS: readonly WhitelistedMethod[] = [
  {
    path: `${PATH}.get_permissions`,
    params: { doctype: text, role: optionalText },
    handler: get_permissions,
  },
  {
    path: `${PATH}.add`,
    methods: ['POST'],
    params: { parent: text, role: text, permlevel: int },
    handler: add,
  },
  {
    path: `${PATH}.update`,
    methods: ['POST'],
    params: { doctype: text, role: text, permlevel: int, ptype: text, value: int, if_owner: int },
    handler: update,
  },
  {
    path: `${PATH}.remove`,
    methods: ['POST'],
    params: { doctype: text, role: text, permlevel: int, if_owner: int },
    handler: remove,
  },
  { path: `${PATH}.reset`, methods: ['POST'], params: { doctype: text }, handler: reset },
];
