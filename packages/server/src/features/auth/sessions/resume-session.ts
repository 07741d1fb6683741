import { AUTH_TABLE } from '../../../platform/db/auth-table.js';
import { cachedCredential, reloadCredential } from '../credential-cache.js';
import type { SiteAuth } from '../site-auth.js';
import { authStamp } from '../user-password.js';
import { sessionExpired, sessionKey, type SessionData } from './session-store.js';

/** Frappe refreshes `last_updated` at most every 600 s (docs/spec/auth.md §6.3). */
const REFRESH_AFTER_MS = 600_000;

/** What a session check needs of its user. */
interface UserStanding {
  readonly enabled: boolean;
  readonly stamp: string;
}

/**
 * The live session of `sid`, or null when it is unknown, idle past its
 * expiry, or its user was disabled or changed password since login. A dead
 * session is deleted. The session and its user's standing come from the
 * credential cache; a session is only refused after a fresh read.
 */
export async function resumeSession(
  auth: SiteAuth,
  sid: string,
  now = Date.now(),
): Promise<SessionData | null> {
  const key = sessionKey(sid);
  const cached = await cachedCredential(auth.site, `session:${key}`, () => auth.sessions.get(key));
  if (
    cached !== null &&
    !sessionExpired(cached, now) &&
    (await standsFor(auth, cached, cachedCredential))
  ) {
    return refreshIfDue(auth, key, cached, now);
  }
  const data = await reloadCredential(auth.site, `session:${key}`, () => auth.sessions.get(key));
  if (data === null) return null;
  if (sessionExpired(data, now) || !(await standsFor(auth, data, reloadCredential))) {
    await auth.sessions.delete(key);
    return null;
  }
  return refreshIfDue(auth, key, data, now);
}

async function refreshIfDue(
  auth: SiteAuth,
  key: string,
  data: SessionData,
  now: number,
): Promise<SessionData> {
  if (now - Date.parse(data.last_updated) <= REFRESH_AFTER_MS) return data;
  const refreshed = { ...data, last_updated: new Date(now).toISOString() };
  await auth.sessions.put(key, refreshed, data.session_expiry_seconds);
  await reloadCredential(auth.site, `session:${key}`, async () => refreshed);
  return refreshed;
}

async function standsFor(
  auth: SiteAuth,
  data: SessionData,
  read: typeof cachedCredential,
): Promise<boolean> {
  const standing = await read(auth.site, `standing:${data.user}`, () =>
    userStanding(auth, data.user),
  );
  return standing !== null && standing.enabled && standing.stamp === data.auth_stamp;
}

async function userStanding(auth: SiteAuth, user: string): Promise<UserStanding | null> {
  const row = await auth.site.db.kysely
    .selectFrom('tabUser')
    .leftJoin(AUTH_TABLE, (join) =>
      join
        .onRef(`${AUTH_TABLE}.name`, '=', 'tabUser.name')
        .on(`${AUTH_TABLE}.doctype`, '=', 'User')
        .on(`${AUTH_TABLE}.fieldname`, '=', 'password'),
    )
    .select(['tabUser.enabled as enabled', `${AUTH_TABLE}.password as password`])
    .where('tabUser.name', '=', user)
    .executeTakeFirst();
  if (row === undefined) return null;
  const password =
    row.password === null || row.password === undefined ? null : String(row.password);
  return {
    enabled: user === 'Administrator' || Number(row.enabled) === 1,
    stamp: authStamp(password),
  };
}
