import type { Kysely } from 'kysely';
import type { Database, TableSpec } from './database.js';
import { syncTable } from './sync-table.js';

/**
 * Frappe's `__Auth`: secrets kept off the document rows, one per
 * (doctype, name, fieldname). Login passwords and API secrets are one-way
 * hashes (`encrypted` 0); other Password fields are encrypted with the
 * site's key (`encrypted` 1) so they can be read back, e.g. to sign webhooks.
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
  indexes: [
    {
      name: 'auth_doctype_name_fieldname',
      columns: ['doctype', 'name', 'fieldname'],
      unique: true,
    },
  ],
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

/** The stored value of one secret and whether it is encrypted (else a hash), or null. */
export async function getAuthRow(
  db: Kysely<any>,
  key: AuthKey,
): Promise<{ password: string; encrypted: boolean } | null> {
  const row = await where(
    db.selectFrom(AUTH_TABLE).select(['password', 'encrypted']),
    key,
  ).executeTakeFirst();
  return row === undefined
    ? null
    : { password: String(row.password), encrypted: Number(row.encrypted) === 1 };
}

/** Replaces the stored hash (or, with `encrypted`, ciphertext) of one secret. Run it inside a unit of work. */
export async function setAuthValue(
  db: Kysely<any>,
  key: AuthKey,
  stored: string,
  encrypted = false,
): Promise<void> {
  await deleteAuthValue(db, key);
  await db
    .insertInto(AUTH_TABLE)
    .values({ ...key, password: stored, encrypted: encrypted ? 1 : 0 })
    .execute();
}

export async function deleteAuthValue(db: Kysely<any>, key: AuthKey): Promise<void> {
  await where(db.deleteFrom(AUTH_TABLE), key).execute();
}

/** Forgets every secret of one document (it was deleted). */
export async function deleteDocAuthValues(
  db: Kysely<any>,
  doctype: string,
  name: string,
): Promise<void> {
  await db.deleteFrom(AUTH_TABLE).where('doctype', '=', doctype).where('name', '=', name).execute();
}

/** Moves every secret of one document to its new name (it was renamed). */
export async function renameDocAuthValues(
  db: Kysely<any>,
  doctype: string,
  oldName: string,
  newName: string,
): Promise<void> {
  await db
    .updateTable(AUTH_TABLE)
    .set({ name: newName })
    .where('doctype', '=', doctype)
    .where('name', '=', oldName)
    .execute();
}

function where<Q extends { where: (column: any, op: '=', value: string) => Q }>(
  query: Q,
  key: AuthKey,
): Q {
  return query
    .where('doctype', '=', key.doctype)
    .where('name', '=', key.name)
    .where('fieldname', '=', key.fieldname);
}
