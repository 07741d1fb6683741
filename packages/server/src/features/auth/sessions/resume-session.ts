import { AUTH_TABLE } from '../../../platform/db/auth-table.js';
import type { SiteAuth } from '../site-auth.js';
import { authStamp } from '../user-password.js';
import { sessionExpired, sessionKey, type SessionData } from './session-store.js';

/** Frappe refreshes `last_updated` at most every 600 s (auth.md §6.3). */
const REFRESH_AFTER_MS = 600_000;

/**
 * The live session of `sid`, or null when it is unknown, idle past its
 * expiry, or its user was disabled or changed password since login. A dead
 * session is deleted.
 */
export async function resumeSession(auth: SiteAuth, sid: string, now = Date.now()): Promise<SessionData | null> {
  const key = sessionKey(sid);
  const data = await auth.sessions.get(key);
  if (data === null) return null;
  if (sessionExpired(data, now) || !(await userStillValid(auth, data))) {
    await auth.sessions.delete(key);
    return null;
  }
  if (now - Date.parse(data.last_updated) <= REFRESH_AFTER_MS) return data;
  const refreshed = { ...data, last_updated: new Date(now).toISOString() };
  await auth.sessions.put(key, refreshed, data.session_expiry_seconds);
  return refreshed;
}

async function userStillValid(auth: SiteAuth, data: SessionData): Promise<boolean> {
  const row = await auth.site.db.kysely
    .selectFrom('tabUser')
    .leftJoin(AUTH_TABLE, (join) =>
      join
        .onRef(`${AUTH_TABLE}.name`, '=', 'tabUser.name')
        .on(`${AUTH_TABLE}.doctype`, '=', 'User')
        .on(`${AUTH_TABLE}.fieldname`, '=', 'password'),
    )
    .select(['tabUser.enabled as enabled', `${AUTH_TABLE}.password as password`])
    .where('tabUser.name', '=', data.user)
    .executeTakeFirst();
  if (row === undefined) return false;
  const enabled = data.user === 'Administrator' || Number(row.enabled) === 1;
  const password = row.password === null || row.password === undefined ? null : String(row.password);
  return enabled && authStamp(password) === data.auth_stamp;
}
