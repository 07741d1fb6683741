import { sql } from './kysely.js';
import type { Database, TableSpec, UnitOfWork } from './database.js';
import { syncTable } from './sync-table.js';

/**
 * Frappe's `__UserSettings`: one JSON text per (user, DocType), what the desk
 * remembers of a user's lists (filters, sort, column widths). Frappe keeps
 * it in Redis and copies it to this table hourly; Cortado writes the table
 * at once, so every process sees the same settings.
 */
export const USER_SETTINGS_TABLE = '__UserSettings';

const SPEC: TableSpec = {
  name: USER_SETTINGS_TABLE,
  columns: [
    { name: 'user', type: 'varchar', length: 180, notNull: true },
    { name: 'doctype', type: 'varchar', length: 180, notNull: true },
    { name: 'data', type: 'longtext' },
  ],
  indexes: [{ name: 'user_settings_user_doctype', columns: ['user', 'doctype'], unique: true }],
};

export async function ensureUserSettingsTable(db: Database): Promise<void> {
  await syncTable(db, SPEC);
}

/** The stored JSON text of one user's settings for one DocType, or null. */
export async function readUserSettings(
  uow: UnitOfWork,
  user: string,
  doctype: string,
): Promise<string | null> {
  const row = await uow.db
    .selectFrom(USER_SETTINGS_TABLE)
    .select('data')
    .where('user', '=', user)
    .where('doctype', '=', doctype)
    .executeTakeFirst();
  return row === undefined || row.data === null ? null : String(row.data);
}

/**
 * Replaces one user's settings for one DocType with what `change` makes of
 * the stored text. The row is created (or touched) by an upsert first, which
 * holds its lock until commit, so two saves racing each other are applied
 * one after the other and neither is lost.
 */
export async function updateUserSettings(
  uow: UnitOfWork,
  user: string,
  doctype: string,
  change: (stored: string | null) => string,
): Promise<string> {
  const insert = uow.db.insertInto(USER_SETTINGS_TABLE).values({ user, doctype, data: null });
  const keep = { data: sql`${sql.ref(`${USER_SETTINGS_TABLE}.data`)}` };
  if (uow.dialect.capabilities.upsert === 'onDuplicateKeyUpdate')
    await insert.onDuplicateKeyUpdate(keep).execute();
  else
    await insert
      .onConflict((conflict) => conflict.columns(['user', 'doctype']).doUpdateSet(keep))
      .execute();
  const data = change(await readUserSettings(uow, user, doctype));
  await uow.db
    .updateTable(USER_SETTINGS_TABLE)
    .set({ data })
    .where('user', '=', user)
    .where('doctype', '=', doctype)
    .execute();
  return data;
}
