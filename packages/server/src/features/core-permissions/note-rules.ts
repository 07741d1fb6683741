import type {
  PermissionHook,
  PermissionQueryCondition,
} from '../../engine/runtime/app-definition.js';

/** Frappe's Note list rule: public notes and the user's own, for every role (System Manager too). */
export const noteQueryCondition: PermissionQueryCondition = (ctx) => (eb, table) =>
  eb.or([eb(`${table}.owner`, '=', ctx.user), eb(`${table}.public`, '=', 1)]);

/** Frappe's Note document rule: public or owned by the user. */
export const noteHasPermission: PermissionHook = (doc, _ptype, ctx) =>
  Number(doc.public) === 1 || doc.owner === ctx.user;
