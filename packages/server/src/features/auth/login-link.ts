import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AUTH_TABLE } from '../../platform/db/auth-table.js';
import type { Site } from '../../engine/site.js';
import { readAuthSettings } from './auth-settings.js';
import { loginAs, type LoginResult } from './login.js';
import { siteUrl } from './password-reset.js';
import type { SiteAuth } from './site-auth.js';

/**
 * Login by e-mailed link (docs/spec/auth.md §13). Frappe keeps `one_time_login_key:<key>`
 * in its cache; we keep only a SHA-256 of the key in `__Auth`, with its
 * expiry, so that every process sees it and a leaked table cannot be replayed.
 */
const DOCTYPE = 'Login Link';
const keyOf = (key: string) => createHash('sha256').update(key).digest('hex');
/** Expiry in epoch ms, zero-padded so that text order is time order. */
const padded = (ms: number) => String(ms).padStart(15, '0');

/** The method path the link calls, as Frappe's link names it. */
export const LOGIN_VIA_KEY_PATH = 'frappe.www.login.login_via_key';

/**
 * Stores a new single-use key for `user`, valid `minutes`, and answers the
 * link that carries it. Expired keys of earlier links are swept here.
 */
export async function newLoginLink(
  site: Site,
  db: Kysely<any>,
  user: string,
  minutes: number,
  now = Date.now(),
): Promise<string> {
  await db
    .deleteFrom(AUTH_TABLE)
    .where('doctype', '=', DOCTYPE)
    .where('fieldname', '<', padded(now))
    .execute();
  const key = randomBytes(28).toString('hex');
  await db
    .insertInto(AUTH_TABLE)
    .values({
      doctype: DOCTYPE,
      name: keyOf(key),
      fieldname: padded(now + minutes * 60_000),
      password: user,
      encrypted: 0,
    })
    .execute();
  return `${siteUrl(site)}/api/method/${LOGIN_VIA_KEY_PATH}?key=${key}`;
}

/**
 * The user `key` logs in, consuming the key: null when it is unknown, used,
 * or expired. The delete decides, so two requests racing with one key cannot
 * both win.
 */
async function consumeLoginKey(auth: SiteAuth, key: string): Promise<string | null> {
  if (key === '') return null;
  return auth.site.db.transaction(async (uow) => {
    const row = await uow.db
      .selectFrom(AUTH_TABLE)
      .select(['fieldname', 'password'])
      .where('doctype', '=', DOCTYPE)
      .where('name', '=', keyOf(key))
      .executeTakeFirst();
    if (row === undefined) return null;
    const result = await uow.db
      .deleteFrom(AUTH_TABLE)
      .where('doctype', '=', DOCTYPE)
      .where('name', '=', keyOf(key))
      .executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) return null;
    return String(row.fieldname) > padded(auth.now()) ? String(row.password) : null;
  });
}

/**
 * `login_via_key`: a valid key opens a session for its user, as Frappe's
 * `login_as` does (no password and no second factor: the link is the proof).
 * Null for a bad key, when the switch is off, or when the user is disabled
 * or outside their `restrict_ip`.
 */
export async function loginWithKey(
  auth: SiteAuth,
  key: string,
  ip: string,
): Promise<LoginResult | null> {
  const user = await consumeLoginKey(auth, key);
  if (user === null) return null;
  if (!(await readAuthSettings(auth.site.db.kysely)).loginWithEmailLink) return null;
  return loginAs(auth, user, ip, 'bypass');
}
