import { ValidationError } from '../../core/errors/index.js';
import type { Controller } from '../../engine/runtime/app-definition.js';

/** Roles Frappe creates and relies on; they cannot be disabled, renamed or deleted. */
export const STANDARD_ROLES: readonly string[] = [
  'Administrator',
  'System Manager',
  'All',
  'Guest',
  'Desk User',
];
const STANDARD = new Set(STANDARD_ROLES);

/**
 * Controller of `Role` (spec permissions §1.3): standard roles are
 * protected; disabling a role takes it from every user, as Frappe does, so
 * a disabled role grants nothing.
 */
export const roleController: Controller = {
  validate(doc) {
    if (Number(doc.disabled) === 1 && STANDARD.has(String(doc.name)))
      throw new ValidationError('Standard roles cannot be disabled');
  },
  async on_update(doc, { ctx }) {
    if (Number(doc.disabled) !== 1) return;
    await ctx.uow.db.deleteFrom('tabHas Role').where('role', '=', String(doc.name)).execute();
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
