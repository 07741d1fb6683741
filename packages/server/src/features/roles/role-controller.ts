import { ValidationError } from '../../core/errors/index.js';
import type { Controller } from '../../engine/runtime/app-definition.js';
import { recomputeUserTypes, roleHolders } from '../auth/user-type.js';

/** Roles Frappe creates and relies on; they cannot be disabled, renamed or deleted. */
export const STANDARD_ROLES: readonly string[] = [
  'Administrator',
  'System Manager',
  'All',
  'Guest',
  'Desk User',
];
const STANDARD = new Set(STANDARD_ROLES);

/** Roles every visitor or user holds by rule: holding them says nothing about the desk. */
const WITHOUT_DESK = new Set(['Guest', 'All']);

/**
 * Controller of `Role` (docs/spec/permissions.md §1.3): standard roles are
 * protected; disabling a role takes it from every user, as Frappe does, so
 * a disabled role grants nothing; either that or a change of desk access
 * recomputes its users' `user_type`.
 */
export const roleController: Controller = {
  /**
   * Frappe's `desk_access` default of 1 also for roles that apps create
   * while being installed (when field defaults are not applied), so that
   * their users stay System Users; Guest and All have none.
   */
  before_insert(doc) {
    if (doc.desk_access !== undefined && doc.desk_access !== null) return;
    doc.desk_access = WITHOUT_DESK.has(String(doc.role_name ?? doc.name)) ? 0 : 1;
  },
  validate(doc) {
    if (Number(doc.disabled) === 1 && STANDARD.has(String(doc.name)))
      throw new ValidationError('Standard roles cannot be disabled');
  },
  async on_update(doc, { ctx, before }) {
    const role = String(doc.name);
    const disabled = Number(doc.disabled) === 1;
    const deskChanged = before !== null && Number(before.desk_access) !== Number(doc.desk_access);
    if (!disabled && !deskChanged) return;
    const holders = await roleHolders(ctx, role);
    if (disabled) await ctx.uow.db.deleteFrom('tabHas Role').where('role', '=', role).execute();
    await recomputeUserTypes(ctx, holders);
  },
  before_rename(doc) {
    if (STANDARD.has(String(doc.name)))
      throw new ValidationError('Standard roles cannot be renamed');
  },
  on_trash(doc) {
    if (STANDARD.has(String(doc.name)))
      throw new ValidationError('Standard roles cannot be deleted');
  },
};
