import type { Kysely } from 'kysely';
import { AuthenticationError } from '../../../core/errors/index.js';
import type { AuthSettings } from '../auth-settings.js';

/** `User.restrict_ip`: a comma-separated list of address prefixes (empty: no restriction). */
export async function restrictedIps(db: Kysely<any>, user: string): Promise<string[]> {
  const row = await db
    .selectFrom('tabUser')
    .select('restrict_ip')
    .where('name', '=', user)
    .executeTakeFirst();
  const text = typeof row?.restrict_ip === 'string' ? row.restrict_ip : '';
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/** Frappe matches the request address against each entry as a prefix. */
const ipMatches = (ip: string, list: readonly string[]) =>
  list.some((prefix) => ip.startsWith(prefix));

/**
 * Whether the login needs a second factor (docs/spec/auth.md §11): the site has it on,
 * the user is not Administrator, one of the user's roles (or `All`) has
 * `two_factor_auth`, and the user is not a restricted-IP user logging in from
 * an allowed address while `bypass_2fa_for_retricted_ip_users` is set.
 */
export async function twoFactorRequired(
  db: Kysely<any>,
  user: string,
  ip: string,
  settings: AuthSettings,
): Promise<boolean> {
  if (!settings.enableTwoFactorAuth || user === 'Administrator') return false;
  if (settings.bypass2faForRestrictedIpUsers && ipMatches(ip, await restrictedIps(db, user)))
    return false;
  const roles = db
    .selectFrom('tabHas Role')
    .select('role')
    .where('parent', '=', user)
    .where('parenttype', '=', 'User');
  const row = await db
    .selectFrom('tabRole')
    .select('name')
    .where('two_factor_auth', '=', 1)
    .where((eb) => eb.or([eb('name', 'in', roles), eb('name', '=', 'All')]))
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * `restrict_ip` at login: an address outside the list is refused, unless the
 * site lets two-factor users skip the check and this user has two-factor login.
 */
export async function assertIpAllowed(
  db: Kysely<any>,
  user: string,
  ip: string,
  settings: AuthSettings,
  usesTwoFactor: boolean,
): Promise<void> {
  const list = await restrictedIps(db, user);
  if (list.length === 0 || ipMatches(ip, list)) return;
  if (settings.bypassRestrictIpCheckIf2faEnabled && usesTwoFactor) return;
  throw new AuthenticationError('Access not allowed from this IP Address');
}
