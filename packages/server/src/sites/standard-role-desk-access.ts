import type { Site } from '../engine/site.js';

/** Frappe's standard roles that open the desk. */
const DESK_ROLES = ['Administrator', 'System Manager', 'Script Manager', 'Desk User'];

/**
 * Gives the standard desk roles back the desk access that sites installed
 * before the Role controller filled it in stored as 0 (install skipped the
 * field's default of 1): `user_type` follows the roles' desk access, so a
 * System Manager saved later must not turn into a Website User.
 */
export async function restoreStandardDeskAccess(site: Site): Promise<void> {
  if (!site.meta.has('Role') || !site.meta.getMeta('Role').getField('desk_access')) return;
  await site.db.kysely
    .updateTable('tabRole')
    .set({ desk_access: 1 })
    .where('name', 'in', DESK_ROLES)
    .where('desk_access', '=', 0)
    .execute();
}
