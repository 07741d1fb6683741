import type { Database, TableSpec } from '../../../platform/db/database.js';
import { syncTable } from '../../../platform/db/sync-table.js';
import type { SessionData, SessionStore } from './session-store.js';

const TABLE = 'tabSessions';

/** Frappe's `tabSessions` columns; `sid` holds the SHA-256 of the session id. */
const SPEC: TableSpec = {
  name: TABLE,
  columns: [
    { name: 'sid', type: 'varchar', length: 64, primaryKey: true },
    { name: 'user', type: 'varchar', length: 255, notNull: true },
    { name: 'sessiondata', type: 'longtext' },
    { name: 'lastupdate', type: 'varchar', length: 32, notNull: true },
    { name: 'status', type: 'varchar', length: 20, notNull: true },
  ],
  indexes: [{ name: 'sessions_user', columns: ['user'] }],
};

export async function ensureSessionsTable(db: Database): Promise<void> {
  await syncTable(db, SPEC);
}

/**
 * Sessions in the site database (the default; survives restarts, shared by
 * every process on the same database). Expired rows are deleted when met.
 */
export function createDbSessionStore(db: Database): SessionStore {
  return {
    async get(key) {
      const row = await db.kysely
        .selectFrom(TABLE)
        .select('sessiondata')
        .where('sid', '=', key)
        .executeTakeFirst();
      return row === undefined ? null : (JSON.parse(String(row.sessiondata)) as SessionData);
    },
    async put(key, data) {
      await db.transaction(async (uow) => {
        await uow.db.deleteFrom(TABLE).where('sid', '=', key).execute();
        await uow.db
          .insertInto(TABLE)
          .values({
            sid: key,
            user: data.user,
            sessiondata: JSON.stringify(data),
            lastupdate: data.last_updated,
            status: 'Active',
          })
          .execute();
      });
    },
    async delete(key) {
      await db.kysely.deleteFrom(TABLE).where('sid', '=', key).execute();
    },
    async sessionsOf(user) {
      const rows = await db.kysely
        .selectFrom(TABLE)
        .select('sid')
        .where('user', '=', user)
        .orderBy('lastupdate', 'desc')
        .execute();
      return rows.map((row) => String(row.sid));
    },
    async close() {},
  };
}
