import type { Site } from '../engine/site.js';
import { withContext } from '../engine/runtime/with-context.js';
import { ensureAuthTable } from '../platform/db/auth-table.js';
import { ensureStandardUsers } from '../features/auth/standard-users.js';
import { setUserPassword } from '../features/auth/user-password.js';

/**
 * Sets the Administrator's password (`new-site --admin-password`,
 * `set-admin-password`), creating Administrator and Guest first when the
 * site has none.
 */
export async function setAdminPassword(site: Site, password: string): Promise<void> {
  await ensureAuthTable(site.db);
  await withContext(
    site,
    'Administrator',
    async (ctx) => {
      await ensureStandardUsers(ctx);
      await setUserPassword(ctx.uow, 'Administrator', password, { ignorePolicy: true });
    },
    { flags: { ignorePermissions: true, inInstall: true } },
  );
}
