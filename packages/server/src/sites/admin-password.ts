import type { Site } from '../engine/site.js';

/**
 * Sets the Administrator's password (`new-site --admin-password`,
 * `set-admin-password`).
 *
 * The one call site for the auth feature's `setUserPassword`, which is not
 * built yet: until it lands this reports that passwords cannot be stored,
 * so no command claims a password it did not set.
 */
export async function setAdminPassword(site: Site, password: string): Promise<boolean> {
  void site;
  void password;
  return false;
}
