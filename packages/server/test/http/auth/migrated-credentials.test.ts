import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { insertDoc } from '../../../src/engine/document.js';
import { withContext } from '../../../src/engine/runtime/with-context.js';
import { fernetDecrypt } from '../../../src/platform/crypto/fernet.js';
import { getAuthRow, setAuthValue } from '../../../src/platform/db/auth-table.js';
import { DIALECTS } from '../../helpers/dialects.js';
import { buildAuthApp, cookiesOf, type AuthTestApp } from './auth.fixtures.js';
import { vectors, type Vectors } from './frappe-vectors.js';

const PBKDF2_USER = { user: 'pbkdf2@example.com', pwd: 'Pbkdf2-Pass-1', key: 'frappe0apikey01' };
const ARGON2_USER = { user: 'argon2@example.com', pwd: 'Argon2-Pass-1' };
const SECRET = 'frappe0secret01';

async function seedFrappeUsers(t: AuthTestApp, v: Vectors): Promise<void> {
  await withContext(
    t.site,
    'Administrator',
    async (ctx) => {
      for (const { user } of [PBKDF2_USER, ARGON2_USER]) {
        await insertDoc(ctx, {
          doctype: 'User',
          email: user,
          first_name: 'Migrated',
          send_welcome_email: 0,
          roles: [{ role: 'System Manager' }],
        });
      }
      const db = ctx.uow.db;
      const auth = (name: string, fieldname: string) => ({ doctype: 'User', name, fieldname });
      await setAuthValue(db, auth(PBKDF2_USER.user, 'password'), v.pbkdf2);
      await setAuthValue(db, auth(ARGON2_USER.user, 'password'), v.argon2);
      await db
        .updateTable('tabUser')
        .set({ api_key: PBKDF2_USER.key })
        .where('name', '=', PBKDF2_USER.user)
        .execute();
      await setAuthValue(db, auth(PBKDF2_USER.user, 'api_secret'), v.token, true);
    },
    { flags: { ignorePermissions: true } },
  );
}

describe('Fernet (Python cryptography vectors)', () => {
  it('decrypts a token made by cryptography.fernet and refuses a wrong key or a damaged token', () => {
    const v = vectors();
    assert.equal(fernetDecrypt(v.key, v.token), SECRET);
    const other = Buffer.alloc(32, 7).toString('base64url');
    assert.throws(() => fernetDecrypt(other, v.token));
    const damaged = v.token.slice(0, 40) + (v.token[40] === 'A' ? 'B' : 'A') + v.token.slice(41);
    assert.throws(() => fernetDecrypt(v.key, damaged));
    assert.throws(() => fernetDecrypt(v.key, 'gAAAAAshort'));
  });
});

for (const dialect of DIALECTS) {
  describe(`credentials migrated from Frappe (${dialect})`, () => {
    let t: AuthTestApp;
    let url = '';
    let v: Vectors;
    before(async () => {
      v = vectors();
      t = await buildAuthApp({ dialect, config: { encryption_key: v.key } });
      await seedFrappeUsers(t, v);
      url = await t.app.listen({ port: 0, host: '127.0.0.1' });
    });
    after(() => t.close());

    const stored = (user: string, fieldname: string) =>
      getAuthRow(t.site.db.kysely, { doctype: 'User', name: user, fieldname });
    const login = async (usr: string, pwd: string) => {
      const res = await fetch(`${url}/api/method/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ usr, pwd }),
      });
      return {
        status: res.status,
        body: (await res.json()) as Record<string, unknown>,
        cookies: cookiesOf({ 'set-cookie': res.headers.getSetCookie() }),
      };
    };

    for (const { user, pwd } of [PBKDF2_USER, ARGON2_USER]) {
      it(`${user} logs in with the old password, which is then rehashed in our format`, async () => {
        assert.equal((await login(user, 'wrong-password')).status, 401);
        const first = await login(user, pwd);
        assert.equal(first.status, 200, JSON.stringify(first.body));
        assert.equal(first.body.message, 'Logged In');
        assert.match((await stored(user, 'password'))?.password ?? '', /^\$scrypt\$/);
        assert.equal((await login(user, pwd)).status, 200, 'the new hash verifies too');
      });
    }

    it('the Fernet-encrypted API secret works with the old key and is then stored as a hash', async () => {
      const call = (secret: string) =>
        fetch(`${url}/api/method/frappe.auth.get_logged_user`, {
          headers: { authorization: `token ${PBKDF2_USER.key}:${secret}` },
        });
      assert.equal((await call('wrongsecret0000')).status, 401);
      const first = await call(SECRET);
      assert.equal(first.status, 200);
      assert.deepEqual(await first.json(), { message: PBKDF2_USER.user });
      const row = await stored(PBKDF2_USER.user, 'api_secret');
      assert.equal(row?.encrypted, false);
      assert.match(row?.password ?? '', /^\$sha256\$[0-9a-f]{64}$/);
      assert.equal((await call(SECRET)).status, 200);
      assert.equal((await call('wrongsecret0000')).status, 401);
    });
  });
}

describe('a Fernet secret under another encryption_key', () => {
  it('is refused with 401 and left as it was', async () => {
    const v = vectors();
    const t = await buildAuthApp({
      config: { encryption_key: Buffer.alloc(32, 1).toString('base64url') },
    });
    try {
      await seedFrappeUsers(t, v);
      const res = await t.app.inject({
        url: '/api/method/frappe.auth.get_logged_user',
        headers: { authorization: `token ${PBKDF2_USER.key}:${SECRET}` },
      });
      assert.equal(res.statusCode, 401);
      const row = await getAuthRow(t.site.db.kysely, {
        doctype: 'User',
        name: PBKDF2_USER.user,
        fieldname: 'api_secret',
      });
      assert.equal(row?.password, v.token);
    } finally {
      await t.close();
    }
  });
});
