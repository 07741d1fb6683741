import type { Controller } from '../../engine/runtime/app-definition.js';
import { todayDate } from '../../engine/store/values.js';

/**
 * The auth parts of Frappe's System Settings controller. Switching
 * `force_user_to_reset_password` on starts every user's password age today
 * where none was recorded, so nobody is sent to reset at their next login
 * merely because the date was never set; ages count from the switch.
 */
export const systemSettingsController: Controller = {
  async on_update(doc, { ctx, before }) {
    const days = (value: unknown) => Number.parseInt(String(value ?? 0), 10) || 0;
    if (days(doc.force_user_to_reset_password) <= 0) return;
    if (before !== null && days(before.force_user_to_reset_password) > 0) return;
    await ctx.uow.db
      .updateTable('tabUser')
      .set({ last_password_reset_date: todayDate() })
      .where('last_password_reset_date', 'is', null)
      .execute();
  },
};
