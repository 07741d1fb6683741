import type { Kysely } from 'kysely';
import { DoesNotExistError } from '../../core/errors/index.js';
import type { AuthSettings } from './auth-settings.js';

/** What login and session checks need of a User row. */
export interface UserRecord {
  readonly name: string;
  readonly enabled: boolean;
  readonly userType: string;
  readonly fullName: string;
  readonly userImage: string;
}

const COLUMNS = [
  'name',
  'enabled',
  'user_type',
  'first_name',
  'middle_name',
  'last_name',
  'user_image',
] as const;

/**
 * Finds the user a login id names (docs/spec/auth.md §4.1): the User name
 * case-insensitively, then `username` and `mobile_no` when System Settings
 * allow them. Guest never logs in.
 */
export async function findLoginUser(
  db: Kysely<any>,
  usr: string,
  settings: AuthSettings,
): Promise<UserRecord | null> {
  const select = () =>
    db
      .selectFrom('tabUser')
      .select([...COLUMNS])
      .where('name', '!=', 'Guest');
  let row = await select()
    .where((eb) => eb(eb.fn('lower', ['name']), '=', usr.toLowerCase()))
    .executeTakeFirst();
  if (row === undefined && settings.allowLoginUsingUserName)
    row = await select().where('username', '=', usr).executeTakeFirst();
  if (row === undefined && settings.allowLoginUsingMobileNumber)
    row = await select().where('mobile_no', '=', usr).executeTakeFirst();
  return row === undefined ? null : toRecord(row);
}

function toRecord(row: Record<string, unknown>): UserRecord {
  const name = String(row.name);
  const parts = [row.first_name, row.middle_name, row.last_name].filter(
    (part) => typeof part === 'string' && part !== '',
  );
  return {
    name,
    // Administrator logs in even when disabled (docs/spec/auth.md §12).
    enabled: name === 'Administrator' || Number(row.enabled) === 1,
    userType: String(row.user_type ?? 'System User') || 'System User',
    fullName: parts.join(' ') || name,
    userImage: typeof row.user_image === 'string' ? row.user_image : '',
  };
}

/**
 * Frappe's `DoesNotExistError` ("User x not found", 404) unless `user` is a
 * User. Read directly: whether a user exists is not for the caller's own
 * permissions to decide.
 */
export async function assertUserExists(db: Kysely<any>, user: string): Promise<void> {
  const row = await db
    .selectFrom('tabUser')
    .select('name')
    .where('name', '=', user)
    .executeTakeFirst();
  if (row === undefined) throw new DoesNotExistError(`User ${user} not found`);
}
