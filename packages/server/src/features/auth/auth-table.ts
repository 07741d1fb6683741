import type { Kysely } from 'kysely';
import type { Database, TableSpec } from '../../platform/db/database.js';
import { syncTable } from '../../platform/db/sync-table.js';

/**
 * Frappe's `__Auth`: secrets kept off the document rows, one per
 * (doctype, name, fieldname). We only ever store one-way hashes here
 * (`encrypted` stays 0): login passwords as scrypt, API secrets as SHA-256.
 */
export const AUTH_TABLE = '__Auth';

const SPEC: TableSpec = {
  name: AUTH_TABLE,
  columns: [
    { name: 'doctype', type: 'varchar', length: 140, notNull: true },
    { name: 'name', type: 'varchar', length: 255, notNull: true },
    { name: 'fieldname', type: 'varchar', length: 140, notNull: true },
    { name: 'password', type: 'text', notNull: true },
    { name: 'encrypted', type: 'int', notNull: true, defaultValue: 0 },
  ],
  indexes: [{ name: 'auth_doctype_name_fieldname', columns: ['doctype', 'name', 'fieldname'], unique: true }],
};

export async function ensureAuthTable(db: Database): Promise<void> {
  await syncTable(db, SPEC);
}

export interface AuthKey {
  readonly doctype: string;
  readonly name: string;
  readonly fieldname: string;
}

/** The stored hash of one secret, or null. */
export async function getAuthValue(db: Kysely<any>, key: AuthKey): Promise<string | null> {
  const row = await where(db.selectFrom(AUTH_TABLE).select('password'), key).executeTakeFirst();
  return row === undefined ? null : String(row.password);
}

/** Replaces the stored hash of one secret. Run it inside a unit of work. */
export async function setAuthValue(db: Kysely<any>, key: AuthKey, hash: string): Promise<void> {
  await deleteAuthValue(db, key);
  await db.insertInto(AUTH_TABLE).values({ ...key, password: hash, encrypted: 0 }).execute();
}

export async function deleteAuthValue(db: Kysely<any>, key: AuthKey): Promise<void> {
  await where(db.deleteFrom(AUTH_TABLE), key).execute();
}

function where<Q extends { where: (column: any, op: '=', value: string) => Q }>(query: Q, key: AuthKey): Q {
  return query.where('doctype', '=', key.doctype).where('name', '=', key.name).where('fieldname', '=', key.fieldname);
}
