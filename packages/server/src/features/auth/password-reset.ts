import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Site } from '../../engine/site.js';
import { nowDatetime, todayDate } from '../../engine/store/values.js';

/** Frappe stores only the SHA-256 of a reset key (docs/spec/auth.md §8). */
export const hashResetKey = (key: string) => createHash('sha256').update(key).digest('hex');

/** The site's public base URL: `host_name`, else the site name over http. */
export function siteUrl(site: Site): string {
  const host = typeof site.config.host_name === 'string' ? site.config.host_name : '';
  return (host || `http://${site.name}`).replace(/\/+$/, '');
}

/**
 * Frappe's `User.reset_password`: a new random key (56 hex), of which only
 * the hash is kept with its time, and the `/update-password` link carrying it.
 */
export async function newResetLink(
  site: Site,
  db: Kysely<any>,
  user: string,
  passwordExpired = false,
): Promise<string> {
  const key = randomBytes(28).toString('hex');
  await db
    .updateTable('tabUser')
    .set({
      reset_password_key: hashResetKey(key),
      last_reset_password_key_generated_on: nowDatetime(),
    })
    .where('name', '=', user)
    .execute();
  return `${siteUrl(site)}/update-password?key=${key}${passwordExpired ? '&password_expired=true' : ''}`;
}

/** A stored Datetime (a driver `Date` or Frappe's `YYYY-MM-DD HH:MM:SS[.ffffff]` in server time) in epoch ms. */
export function datetimeMs(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  return new Date(String(value ?? '').replace(' ', 'T')).getTime();
}

/**
 * System Settings `force_user_to_reset_password` = N days: a user other
 * than Administrator whose `last_password_reset_date` (never set: today) is
 * more than N days old must choose a new password before logging in.
 */
export async function passwordExpired(
  db: Kysely<any>,
  user: string,
  days: number,
): Promise<boolean> {
  if (days <= 0 || user === 'Administrator') return false;
  const row = await db
    .selectFrom('tabUser')
    .select('last_password_reset_date')
    .where('name', '=', user)
    .executeTakeFirst();
  const last = row?.last_password_reset_date;
  if (last === null || last === undefined || last === '') return false;
  const lastDay =
    last instanceof Date ? last.toISOString().slice(0, 10) : String(last).slice(0, 10);
  const age = (Date.parse(todayDate()) - Date.parse(lastDay)) / 86_400_000;
  return age > days;
}
