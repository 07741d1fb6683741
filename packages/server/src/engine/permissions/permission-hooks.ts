import { expressionBuilder, type Expression, type SqlBool } from '../../platform/db/kysely.js';
import type { PermissionType } from '../../model/meta.js';
import type { Context } from '../context.js';
import type { Doc } from '../doc.js';

/** Frappe's log line when an app's `has_permission` hook refuses. */
export const HOOK_DENIAL = 'Not allowed via controller permission check';

/**
 * Whether no app's `has_permission` hook for the DocType (or `*`) refuses
 * `ptype` on `doc` (docs/spec/permissions.md §4 step 2). Hooks only veto.
 */
export async function passesPermissionHooks(
  ctx: Context,
  doctype: string,
  ptype: PermissionType,
  doc: Doc,
): Promise<boolean> {
  for (const hook of ctx.site.apps.permissionHooks?.(doctype) ?? []) {
    if ((await hook(doc, ptype, ctx)) === false) return false;
  }
  return true;
}

/**
 * The `permission_query_conditions` of every app for the DocType (and `*`),
 * applied to the table read as `alias` (docs/spec/permissions.md §9.2).
 */
export async function hookListConditions(
  ctx: Context,
  doctype: string,
  alias: string,
): Promise<Expression<SqlBool>[]> {
  const eb = expressionBuilder<any, any>();
  const conditions: Expression<SqlBool>[] = [];
  for (const hook of ctx.site.apps.permissionQueryConditions?.(doctype) ?? []) {
    const condition = await hook(ctx, doctype);
    if (condition !== null) conditions.push(condition(eb, alias));
  }
  return conditions;
}
