import {
  expressionBuilder,
  type Expression,
  type SelectQueryBuilder,
  type SqlBool,
} from '../../platform/db/kysely.js';
import { PermissionError } from '../../core/errors/index.js';
import type { Meta } from '../../model/meta.js';
import type { Context } from '../context.js';
import { resolveChildParent } from './child-parent.js';
import {
  canListDocType,
  getRolePermissions,
  requiresOwnerConstraint,
} from './doctype-permissions.js';
import { hookListConditions } from './permission-hooks.js';
import { sharedNames } from './shares.js';
import { bypassesPermissions } from './rights.js';
import { isStrictUserPermissions } from './strict-user-permissions.js';
import { restrictedLinkFields } from './user-permission-check.js';
import { allowedValues, getUserPermissions } from './user-permissions.js';

/** Where the list query reads from. */
export interface ListPermissionOptions {
  /** Alias of `tab{DocType}` in the query (default: the table name). */
  readonly tableAlias?: string;
  /** Parent DocType, required for child DocTypes (the list's `parent` argument). */
  readonly parent?: string;
}

/**
 * Adds to a select on `tab{DocType}` the WHERE that keeps only rows the user
 * may read (docs/spec/permissions.md §9.2–9.3): own records when reading comes only
 * from if-owner rows, otherwise User Permission value lists on `name` and Link
 * fields, AND the apps' `permission_query_conditions`. Child DocTypes need
 * `parent` and keep only rows of that parent type
 * whose parent the user may read. Throws `PermissionError` without read/select.
 *
 * @example
 * const query = await applyListPermissions(ctx, meta, uow.db.selectFrom(meta.tableName).selectAll());
 */
export async function applyListPermissions<QB extends SelectQueryBuilder<any, any, any>>(
  ctx: Context,
  meta: Meta,
  qb: QB,
  options: ListPermissionOptions = {},
): Promise<QB> {
  if (bypassesPermissions(ctx)) return qb;
  const alias = options.tableAlias ?? meta.tableName;
  if (meta.istable) return applyChildListPermissions(ctx, meta, qb, alias, options.parent);
  const condition = await listCondition(ctx, meta, alias, false);
  return (condition === null ? qb : qb.where(condition)) as QB;
}

/**
 * The row condition for a DocType joined into another's list through a Link
 * field (`link_field.column`), null when every row is readable. Frappe checks
 * only DocType-level rights there; applying the row rules too keeps another
 * user's if-owner or User-Permission-restricted record out of reach
 * (docs/spec/DECISIONS.md rule 3).
 */
export async function joinedLinkCondition(
  ctx: Context,
  meta: Meta,
  alias: string,
): Promise<Expression<SqlBool> | null> {
  return bypassesPermissions(ctx) ? null : listCondition(ctx, meta, alias, false);
}

async function applyChildListPermissions<QB extends SelectQueryBuilder<any, any, any>>(
  ctx: Context,
  meta: Meta,
  qb: QB,
  alias: string,
  parentDoctype: string | undefined,
): Promise<QB> {
  const parent = resolveChildParent(ctx, meta, undefined, parentDoctype);
  if ('denial' in parent) throw new PermissionError(parent.denial);
  const parentTable = parent.parentMeta.tableName;
  const condition = await listCondition(ctx, parent.parentMeta, parentTable, true);
  const base = ctx.uow.db.selectFrom(parentTable).select(`${parentTable}.name`);
  const readableParents = condition === null ? base : base.where(condition);
  // Beyond Frappe (docs/spec/DECISIONS.md): only rows of readable parents of this parent type.
  return qb
    .where(`${alias}.parenttype`, '=', parent.parentMeta.name)
    .where(`${alias}.parent`, 'in', readableParents) as QB;
}

/** The row condition for `meta` read through `alias`; null when every row is readable. */
async function listCondition(
  ctx: Context,
  meta: Meta,
  alias: string,
  requireRead: boolean,
): Promise<Expression<SqlBool> | null> {
  const permissions = getRolePermissions(ctx, meta);
  const eb = expressionBuilder<any, any>();
  const shared = await sharedNames(ctx, meta.name, 'read');
  const sharedOnly = shared.length === 0 ? null : eb(`${alias}.name`, 'in', shared);
  if (requireRead ? !permissions.rights.read : !canListDocType(permissions)) {
    // Share-only access (spec §9.2): exactly the shared documents, hook conditions still apply.
    if (sharedOnly === null) throw new PermissionError(`No permission to read ${meta.name}`);
    return eb.and([sharedOnly, ...(await hookListConditions(ctx, meta.name, alias))]);
  }
  const match = requiresOwnerConstraint(permissions)
    ? [eb(`${alias}.owner`, '=', ctx.user)]
    : await userPermissionConditions(ctx, meta, alias);
  const conditions = [...match, ...(await hookListConditions(ctx, meta.name, alias))];
  if (conditions.length === 0) return null;
  // Shared documents are OR'ed in beside whatever restricted the rows.
  return sharedOnly === null ? eb.and(conditions) : eb.or([eb.and(conditions), sharedOnly]);
}

async function userPermissionConditions(
  ctx: Context,
  meta: Meta,
  alias: string,
): Promise<Expression<SqlBool>[]> {
  const map = await getUserPermissions(ctx);
  if (map.size === 0) return [];
  const eb = expressionBuilder<any, any>();
  const conditions: Expression<SqlBool>[] = [];
  const ownNames = allowedValues(map, meta.name, meta.name);
  if (ownNames.length > 0) conditions.push(eb(`${alias}.name`, 'in', ownNames));
  const strict = !meta.issingle && (await isStrictUserPermissions(ctx));
  for (const field of restrictedLinkFields(meta)) {
    const allowed = allowedValues(map, field.options, meta.name);
    if (allowed.length === 0) continue;
    const column = `${alias}.${field.fieldname}`;
    const inList = eb(column, 'in', allowed);
    conditions.push(strict ? inList : eb.or([eb(column, 'is', null), eb(column, '=', ''), inList]));
  }
  return conditions;
}
