import { forgetCredentials } from '../credential-cache.js';
import type { SiteAuth } from '../site-auth.js';

/**
 * Frappe's `deny_multiple_sessions` (System Settings or site config): after
 * a login, the user keeps the new session plus their most recently refreshed
 * others up to `simultaneous_sessions` in all (empty or 0 counts as 1); the
 * older ones end (docs/spec/auth.md §6.5).
 */
export async function endSurplusSessions(
  auth: SiteAuth,
  user: string,
  currentKey: string,
  denyMultipleSessions: boolean,
): Promise<void> {
  const configured = auth.site.config['deny_multiple_sessions'];
  if (!denyMultipleSessions && configured !== true && configured !== 1) return;
  const row = await auth.site.db.kysely
    .selectFrom('tabUser')
    .select('simultaneous_sessions')
    .where('name', '=', user)
    .executeTakeFirst();
  const allowed = Math.max(1, Number(row?.simultaneous_sessions) || 1);
  const others = (await auth.sessions.sessionsOf(user)).filter((key) => key !== currentKey);
  const surplus = others.slice(allowed - 1);
  for (const key of surplus) await auth.sessions.delete(key);
  // Another request of this process may hold one of them in the credential cache.
  if (surplus.length > 0) forgetCredentials();
}
