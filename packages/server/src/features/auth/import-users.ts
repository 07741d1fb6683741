import type { Kysely } from 'kysely';
import type { Context } from '../../engine/context.js';
import { insertDoc } from '../../engine/document.js';
import { fernetDecrypt, isFernetToken } from '../../platform/crypto/fernet.js';
import { setAuthValue } from '../../platform/db/auth-table.js';
import { storeApiSecret } from './api-keys.js';

/** What an import did. */
export interface ImportUsersResult {
  readonly imported: string[];
  /** Users that already existed on the site; they are left alone. */
  readonly skipped: string[];
  /** Imported users whose API secret could not be decrypted (no or another `encryption_key`). */
  readonly secretsLeftEncrypted: string[];
}

const USER_COLUMNS = [
  'name',
  'email',
  'first_name',
  'middle_name',
  'last_name',
  'enabled',
  'user_type',
  'mobile_no',
  'username',
  'api_key',
] as const;

/**
 * Copies the users of a Frappe database (`source`) into the site, in the
 * caller's transaction: the User rows with their roles (missing roles are
 * created), the password hashes as they are (pbkdf2 and argon2 verify and
 * are rehashed at the first login), and API keys, whose Fernet-encrypted
 * secrets are decrypted with Frappe's `encryption_key` and stored as our
 * hash. Administrator, Guest and users the site already has are skipped.
 */
export async function importFrappeUsers(
  ctx: Context,
  source: Kysely<any>,
  encryptionKey: string | null,
): Promise<ImportUsersResult> {
  const result = {
    imported: [] as string[],
    skipped: [] as string[],
    secretsLeftEncrypted: [] as string[],
  };
  const users = await source
    .selectFrom('tabUser')
    .select([...USER_COLUMNS])
    .where('name', 'not in', ['Administrator', 'Guest'])
    .orderBy('name')
    .execute();
  for (const row of users) {
    const name = String(row.name);
    const exists = await ctx.uow.db
      .selectFrom('tabUser')
      .select('name')
      .where('name', '=', name)
      .executeTakeFirst();
    if (exists !== undefined) {
      result.skipped.push(name);
      continue;
    }
    const roles = await rolesOf(ctx, source, name);
    await insertDoc(ctx, {
      doctype: 'User',
      email: String(row.email ?? name) || name,
      first_name: row.first_name ?? name,
      middle_name: row.middle_name ?? null,
      last_name: row.last_name ?? null,
      enabled: Number(row.enabled ?? 1),
      user_type: row.user_type ?? 'System User',
      mobile_no: row.mobile_no ?? null,
      username: row.username ?? null,
      send_welcome_email: 0,
      roles: roles.map((role) => ({ role })),
    });
    if (typeof row.api_key === 'string' && row.api_key !== '')
      await ctx.uow.db
        .updateTable('tabUser')
        .set({ api_key: row.api_key })
        .where('name', '=', name)
        .execute();
    if (!(await copySecrets(ctx, source, name, encryptionKey)))
      result.secretsLeftEncrypted.push(name);
    result.imported.push(name);
  }
  return result;
}

async function rolesOf(ctx: Context, source: Kysely<any>, user: string): Promise<string[]> {
  const rows = await source
    .selectFrom('tabHas Role')
    .select('role')
    .where('parent', '=', user)
    .where('parenttype', '=', 'User')
    .orderBy('idx')
    .execute();
  const roles = rows.map((row) => String(row.role)).filter((role) => role !== '');
  for (const role of roles) {
    const known = await ctx.uow.db
      .selectFrom('tabRole')
      .select('name')
      .where('name', '=', role)
      .executeTakeFirst();
    if (known === undefined) await insertDoc(ctx, { doctype: 'Role', role_name: role });
  }
  return roles;
}

/** The password hash as it is; the API secret decrypted and hashed. False when a secret stayed encrypted. */
async function copySecrets(
  ctx: Context,
  source: Kysely<any>,
  user: string,
  encryptionKey: string | null,
): Promise<boolean> {
  const rows = await source
    .selectFrom('__Auth')
    .select(['fieldname', 'password', 'encrypted'])
    .where('doctype', '=', 'User')
    .where('name', '=', user)
    .where('fieldname', 'in', ['password', 'api_secret'])
    .execute();
  let decrypted = true;
  for (const row of rows) {
    const stored = String(row.password);
    if (row.fieldname === 'password') {
      await setAuthValue(
        ctx.uow.db,
        { doctype: 'User', name: user, fieldname: 'password' },
        stored,
      );
      continue;
    }
    const plain = encryptionKey && isFernetToken(stored) ? tryDecrypt(encryptionKey, stored) : null;
    if (plain !== null) await storeApiSecret(ctx.uow.db, user, plain);
    else {
      // Left for first use: it verifies when the site's `encryption_key` is Frappe's.
      await setAuthValue(
        ctx.uow.db,
        { doctype: 'User', name: user, fieldname: 'api_secret' },
        stored,
        true,
      );
      decrypted = false;
    }
  }
  return decrypted;
}

function tryDecrypt(key: string, token: string): string | null {
  try {
    return fernetDecrypt(key, token);
  } catch {
    return null;
  }
}
