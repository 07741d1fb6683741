import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { importUsers } from '../../../src/sites/import-users.js';
import { getAuthRow } from '../../../src/platform/db/auth-table.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/dialects.js';
import { buildAuthApp, type AuthTestApp } from './auth.fixtures.js';
import { vectors, type Vectors } from './frappe-vectors.js';

const USER = 'pbkdf2@example.com';
const KEY = 'frappe0apikey01';
const SECRET = 'frappe0secret01';

/** The part of a Frappe database the import reads, with one user as Frappe leaves it. */
async function frappeDatabase(source: TestDatabase, v: Vectors): Promise<void> {
  const db = source.db.kysely;
  await db.schema
    .createTable('tabUser')
    .addColumn('name', 'varchar(140)', (c) => c.primaryKey())
    .addColumn('email', 'varchar(140)')
    .addColumn('first_name', 'varchar(140)')
    .addColumn('middle_name', 'varchar(140)')
    .addColumn('last_name', 'varchar(140)')
    .addColumn('enabled', 'integer')
    .addColumn('user_type', 'varchar(140)')
    .addColumn('mobile_no', 'varchar(140)')
    .addColumn('username', 'varchar(140)')
    .addColumn('api_key', 'varchar(140)')
    .execute();
  await db.schema
    .createTable('tabHas Role')
    .addColumn('name', 'varchar(140)', (c) => c.primaryKey())
    .addColumn('parent', 'varchar(140)')
    .addColumn('parenttype', 'varchar(140)')
    .addColumn('role', 'varchar(140)')
    .addColumn('idx', 'integer')
    .execute();
  await db.schema
    .createTable('__Auth')
    .addColumn('doctype', 'varchar(140)')
    .addColumn('name', 'varchar(255)')
    .addColumn('fieldname', 'varchar(140)')
    .addColumn('password', 'text')
    .addColumn('encrypted', 'integer')
    .execute();
  const user = (name: string, extra: Record<string, unknown> = {}) => ({
    name,
    email: name,
    first_name: 'Migrated',
    middle_name: null,
    last_name: 'User',
    enabled: 1,
    user_type: 'System User',
    mobile_no: null,
    username: null,
    api_key: null,
    ...extra,
  });
  await db
    .insertInto('tabUser')
    .values([user('Administrator'), user(USER, { api_key: KEY }), user('argon2@example.com')])
    .execute();
  await db
    .insertInto('tabHas Role')
    .values([
      { name: 'r1', parent: USER, parenttype: 'User', role: 'System Manager', idx: 1 },
      { name: 'r2', parent: USER, parenttype: 'User', role: 'Frappe Only Role', idx: 2 },
    ])
    .execute();
  await db
    .insertInto('__Auth')
    .values([
      { doctype: 'User', name: USER, fieldname: 'password', password: v.pbkdf2, encrypted: 0 },
      { doctype: 'User', name: USER, fieldname: 'api_secret', password: v.token, encrypted: 1 },
      {
        doctype: 'User',
        name: 'argon2@example.com',
        fieldname: 'password',
        password: v.argon2,
        encrypted: 0,
      },
    ])
    .execute();
}

for (const dialect of DIALECTS) {
  describe(`import-users from a Frappe database (${dialect})`, () => {
    let t: AuthTestApp;
    let source: TestDatabase;
    let v: Vectors;
    before(async () => {
      v = vectors();
      t = await buildAuthApp({ dialect });
      source = await createTestDatabase(dialect);
      await frappeDatabase(source, v);
    });
    after(async () => {
      await source.drop();
      await t.close();
    });

    it('imports users, roles, password hashes and API keys; they work at once', async () => {
      const result = await importUsers(t.site, source.config, v.key, source.sitePath);
      assert.deepEqual(result, {
        imported: ['argon2@example.com', USER],
        skipped: [],
        secretsLeftEncrypted: [],
      });
      const secret = await getAuthRow(t.site.db.kysely, {
        doctype: 'User',
        name: USER,
        fieldname: 'api_secret',
      });
      assert.match(secret?.password ?? '', /^\$sha256\$/, 'the secret is stored as our hash');
      const api = await t.app.inject({
        url: '/api/method/frappe.auth.get_logged_user',
        headers: { authorization: `token ${KEY}:${SECRET}` },
      });
      assert.deepEqual(api.json(), { message: USER });
      const roles = await t.app.inject({
        url: `/api/resource/User/${USER}`,
        headers: { authorization: `token ${KEY}:${SECRET}` },
      });
      const held = roles
        .json()
        .data.roles.map((row: { role: string }) => row.role)
        .sort();
      assert.deepEqual(held, ['Frappe Only Role', 'System Manager']);
      for (const [usr, pwd] of [
        [USER, 'Pbkdf2-Pass-1'],
        ['argon2@example.com', 'Argon2-Pass-1'],
      ]) {
        const login = await t.app.inject({
          method: 'POST',
          url: '/api/method/login',
          payload: { usr, pwd },
        });
        assert.equal(login.statusCode, 200, login.body);
      }
    });

    it('a second run skips the users the site already has', async () => {
      const again = await importUsers(t.site, source.config, null, source.sitePath);
      assert.deepEqual(again.imported, []);
      assert.deepEqual(again.skipped, ['argon2@example.com', USER]);
    });
  });
}
