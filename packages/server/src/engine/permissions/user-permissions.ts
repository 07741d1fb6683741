import type { Context } from '../context.js';
import { cachedPerRequest } from './request-cache.js';
import { cachedForUser } from './user-cache.js';

/** One allowed record (docs/spec/permissions.md §7.2). */
export interface UserPermissionEntry {
  /** The allowed record's name (`for_value`, or a descendant of it in a tree). */
  readonly doc: string;
  /** Only for this DocType; null when it applies to every DocType. */
  readonly applicableFor: string | null;
  readonly isDefault: boolean;
}

/** Allowed records by restricted DocType (`allow`). */
export type UserPermissionMap = ReadonlyMap<string, readonly UserPermissionEntry[]>;

interface UserPermissionRow {
  allow: string;
  for_value: string;
  apply_to_all_doctypes: unknown;
  applicable_for: string | null;
  is_default: unknown;
  hide_descendants: unknown;
}

/**
 * The User Permission map of `ctx.user`; empty for Administrator and Guest.
 * Read once per request, and shared between requests for a short while (see `cachedForUser`).
 *
 * @example
 * (await getUserPermissions(ctx)).get('Company') // [{doc: 'ACME', applicableFor: null, isDefault: false}]
 */
export function getUserPermissions(ctx: Context): Promise<UserPermissionMap> {
  if (ctx.user === 'Administrator' || ctx.user === 'Guest') return Promise.resolve(new Map());
  const key = `user-permissions:${ctx.user}`;
  return cachedPerRequest(ctx.uow, key, () =>
    cachedForUser(ctx.site, ctx.uow, key, () => loadUserPermissions(ctx)),
  );
}

/**
 * Allowed values of `allow` when evaluating documents of `doctype`: entries
 * meant for every DocType plus those applicable for `doctype`. Empty = unrestricted.
 */
export function allowedValues(map: UserPermissionMap, allow: string, doctype: string): string[] {
  const entries = map.get(allow) ?? [];
  return [
    ...new Set(
      entries
        .filter((e) => e.applicableFor === null || e.applicableFor === doctype)
        .map((e) => e.doc),
    ),
  ];
}

async function loadUserPermissions(ctx: Context): Promise<UserPermissionMap> {
  const rows = (await ctx.uow.db
    .selectFrom('tabUser Permission')
    .select([
      'allow',
      'for_value',
      'apply_to_all_doctypes',
      'applicable_for',
      'is_default',
      'hide_descendants',
    ])
    .where('user', '=', ctx.user)
    .execute()) as UserPermissionRow[];
  const map = new Map<string, UserPermissionEntry[]>();
  for (const row of rows) {
    const applicableFor =
      isSet(row.apply_to_all_doctypes) || !row.applicable_for ? null : row.applicable_for;
    const docs = [
      row.for_value,
      ...(isSet(row.hide_descendants) ? [] : await treeDescendants(ctx, row.allow, row.for_value)),
    ];
    const entries = map.get(row.allow) ?? [];
    for (const doc of docs)
      entries.push({
        doc,
        applicableFor,
        isDefault: isSet(row.is_default) && doc === row.for_value,
      });
    map.set(row.allow, entries);
  }
  return map;
}

/** Descendants of a record of a nested-set DocType; nothing for other DocTypes. */
async function treeDescendants(ctx: Context, doctype: string, name: string): Promise<string[]> {
  if (!ctx.site.meta.has(doctype) || !ctx.site.meta.getMeta(doctype).is_tree) return [];
  const table = ctx.site.meta.getMeta(doctype).tableName;
  const root = await ctx.uow.db
    .selectFrom(table)
    .select(['lft', 'rgt'])
    .where('name', '=', name)
    .executeTakeFirst();
  if (root === undefined) return [];
  const rows = await ctx.uow.db
    .selectFrom(table)
    .select('name')
    .where('lft', '>', root.lft)
    .where('rgt', '<', root.rgt)
    .execute();
  return rows.map((row) => String(row.name));
}

function isSet(value: unknown): boolean {
  return Number(value) === 1;
}
