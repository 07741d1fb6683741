import type {
  ListCondition,
  PermissionHook,
  PermissionQueryCondition,
} from '../../engine/runtime/app-definition.js';
import type { Context } from '../../engine/context.js';
import type { Doc } from '../../engine/doc.js';
import type { PermissionType } from '../../model/meta.js';

/** Roles every user of a kind gets automatically; they never lift the ToDo restriction. */
const AUTOMATIC_ROLES = new Set(['Guest', 'All', 'Desk User', 'Administrator']);

/** The ToDo columns naming the users a ToDo belongs to. */
const PARTY_FIELDS = ['owner', 'allocated_to', 'assigned_by'] as const;

/**
 * Whether one of the user's roles (besides the automatic ones) has `ptype` in
 * ToDo's DocPerm rows — such users (System Manager by default) pass for it.
 */
function hasToDoRole(ctx: Context, ptype: PermissionType): boolean {
  return ctx.site.meta
    .getMeta('ToDo')
    .permissions.some(
      (row) => row[ptype] && !AUTOMATIC_ROLES.has(row.role) && ctx.roles.has(row.role),
    );
}

/**
 * ToDo list rule: without a role reading ToDo, only ToDos the user owns, is
 * allocated or assigned. Frappe checks only allocated_to/assigned_by, which
 * locks creators out of their own unassigned ToDos (frappe/frappe#41853) and
 * would break the seed's create-read-update-delete example; the owner is added.
 */
export const todoQueryCondition: PermissionQueryCondition = (ctx) => {
  if (hasToDoRole(ctx, 'read')) return null;
  const condition: ListCondition = (eb, table) =>
    eb.or(PARTY_FIELDS.map((field) => eb(`${table}.${field}`, '=', ctx.user)));
  return condition;
};

/** ToDo document rule, per right: a role granting it, or the user owns, holds or assigned the ToDo. */
export const todoHasPermission: PermissionHook = (doc, ptype, ctx) =>
  hasToDoRole(ctx, ptype) || isParty(doc, ctx.user);

function isParty(doc: Doc, user: string): boolean {
  return PARTY_FIELDS.some((field) => doc[field] === user);
}
