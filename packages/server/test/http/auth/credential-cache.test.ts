import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { insertDoc, updateDoc } from '../../../src/engine/document.js';
import { getRoles } from '../../../src/engine/permissions/roles.js';
import { cachedForUser } from '../../../src/engine/permissions/user-cache.js';
import { getUserPermissions } from '../../../src/engine/permissions/user-permissions.js';
import { withContext } from '../../../src/engine/runtime/with-context.js';
import { storeApiSecret } from '../../../src/features/auth/api-keys.js';
import { DIALECTS } from '../../helpers/dialects.js';
import { waitFor } from '../../helpers/wait-for.js';
import { JANE, WEB, buildAuthApp, type AuthTestApp } from './auth.fixtures.js';

const WHO = '/api/method/frappe.auth.get_logged_user';
const GENERATE_KEYS = '/api/method/frappe.core.doctype.user.user.generate_keys';
const token = (key: string, secret: string) => ({ authorization: `token ${key}:${secret}` });
/*
 * A write made by another process sends no doc event to this one: its caches
 * notice it when their entry ages out (the TTL itself is unit-tested with an
 * injected clock in shared-cache.test.ts). These tests wait for that, with a
 * deadline, instead of sleeping past the window.
 */

const asAdmin = <T>(t: AuthTestApp, fn: Parameters<typeof withContext<T>>[2]) =>
  withContext(t.site, 'Administrator', fn, { flags: { ignorePermissions: true } });
const rolesOf = (t: AuthTestApp, user: string) =>
  withContext(t.site, user, async (ctx) => new Set(ctx.roles), { readOnly: true });

for (const dialect of DIALECTS) {
  describe(`credential and user caches (${dialect})`, () => {
    let t: AuthTestApp;
    before(async () => void (t = await buildAuthApp({ dialect })));
    after(() => t.close());

    const who = (headers: Record<string, string>) => t.app.inject({ url: WHO, headers });
    const login = async (usr: string, pwd: string) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/method/login',
        payload: { usr, pwd },
      });
      assert.equal(res.statusCode, 200, res.body);
      return /sid=(\w+)/.exec(String(res.headers['set-cookie']))?.[1] ?? '';
    };
    const resetJane = () =>
      asAdmin(t, async (ctx) => {
        await updateDoc(ctx, 'User', JANE.user, { enabled: 1 });
        await storeApiSecret(ctx.uow.db, JANE.user, JANE.secret);
      });

    it('a user disabled through this process loses token access at once, and gets it back at once', async () => {
      assert.equal((await who(token(JANE.key, JANE.secret))).statusCode, 200);
      await asAdmin(t, (ctx) => updateDoc(ctx, 'User', JANE.user, { enabled: 0 }));
      assert.equal((await who(token(JANE.key, JANE.secret))).statusCode, 401);
      await resetJane();
      assert.equal((await who(token(JANE.key, JANE.secret))).statusCode, 200);
    });

    it('generate_keys: the old secret fails on the next request, the new one works', async () => {
      assert.equal((await who(token(JANE.key, JANE.secret))).statusCode, 200);
      const res = await t.app.inject({
        method: 'POST',
        url: GENERATE_KEYS,
        headers: token(JANE.key, JANE.secret),
        payload: { user: JANE.user },
      });
      assert.equal(res.statusCode, 200, res.body);
      const { api_key, api_secret } = res.json().message as { api_key: string; api_secret: string };
      assert.equal((await who(token(JANE.key, JANE.secret))).statusCode, 401);
      assert.equal((await who(token(api_key, api_secret))).statusCode, 200);
      await resetJane();
    });

    it('a user disabled by another process (no doc event) loses access once the cached entry ages out', async () => {
      assert.equal((await who(token(JANE.key, JANE.secret))).statusCode, 200);
      await t.site.db.kysely
        .updateTable('tabUser')
        .set({ enabled: 0 })
        .where('name', '=', JANE.user)
        .execute();
      await waitFor('the token to be refused', async () => {
        return (await who(token(JANE.key, JANE.secret))).statusCode === 401;
      });
      await resetJane();
    });

    it('a secret changed by another process works at once (refusals are never cached), the old one stays refused', async () => {
      assert.equal((await who(token(JANE.key, JANE.secret))).statusCode, 200);
      await storeApiSecret(t.site.db.kysely, JANE.user, 'another-secret-1');
      assert.equal((await who(token(JANE.key, 'another-secret-1'))).statusCode, 200);
      assert.equal((await who(token(JANE.key, JANE.secret))).statusCode, 401);
      await waitFor('the token to be refused', async () => {
        return (await who(token(JANE.key, JANE.secret))).statusCode === 401;
      });
      await resetJane();
    });

    it('sessions end at once on logout, password change and disable in this process', async () => {
      for (const end of [
        async (sid: string) =>
          void (await t.app.inject({
            method: 'POST',
            url: '/api/method/logout',
            cookies: { sid },
          })),
        () =>
          asAdmin(t, (ctx) => updateDoc(ctx, 'User', WEB.user, { new_password: 'Web-Pass-456' })),
        () => asAdmin(t, (ctx) => updateDoc(ctx, 'User', WEB.user, { enabled: 0 })),
      ]) {
        const sid = await login(WEB.user, 'Web-Pass-456').catch(() =>
          login(WEB.user, 'Web-Pass-123'),
        );
        assert.deepEqual((await t.app.inject({ url: WHO, cookies: { sid } })).json(), {
          message: WEB.user,
        });
        await end(sid);
        const res = await t.app.inject({ url: WHO, cookies: { sid } });
        assert.equal(res.statusCode, 403, res.body);
        assert.equal(res.json().session_expired, 1);
        await asAdmin(t, (ctx) => updateDoc(ctx, 'User', WEB.user, { enabled: 1 }));
      }
    });

    it('a session of a user disabled by another process ends once the cached entry ages out', async () => {
      const sid = await login(JANE.user, JANE.pwd);
      assert.equal((await t.app.inject({ url: WHO, cookies: { sid } })).statusCode, 200);
      await t.site.db.kysely
        .updateTable('tabUser')
        .set({ enabled: 0 })
        .where('name', '=', JANE.user)
        .execute();
      await waitFor('the session to end', async () => {
        return (await t.app.inject({ url: WHO, cookies: { sid } })).json().session_expired === 1;
      });
      await resetJane();
    });

    it("roles: a change through this process is seen by the next request; another process's once the cached entry ages out", async () => {
      assert.ok((await rolesOf(t, JANE.user)).has('System Manager'));
      await asAdmin(t, (ctx) => updateDoc(ctx, 'User', JANE.user, { roles: [] }));
      assert.ok(!(await rolesOf(t, JANE.user)).has('System Manager'));
      await t.site.db.kysely
        .insertInto('tabHas Role')
        .values({
          name: 'hr-cache-test',
          parent: JANE.user,
          parenttype: 'User',
          parentfield: 'roles',
          role: 'System Manager',
          idx: 1,
        })
        .execute();
      await waitFor('the role to be seen', async () =>
        (await rolesOf(t, JANE.user)).has('System Manager'),
      );
    });

    it('a rolled-back role change never reaches the cache', async () => {
      await assert.rejects(
        asAdmin(t, async (ctx) => {
          await updateDoc(ctx, 'User', JANE.user, { roles: [] });
          // Read inside the writing transaction, as withContext does: sees its own change, must not cache it.
          const roles = await cachedForUser(t.site, ctx.uow, `roles:${JANE.user}`, () =>
            getRoles(ctx.uow, JANE.user),
          );
          assert.ok(!roles.has('System Manager'));
          throw new Error('roll back');
        }),
        /roll back/,
      );
      assert.ok((await rolesOf(t, JANE.user)).has('System Manager'));
    });

    it('User Permissions: an insert through this process is seen by the next request', async () => {
      const allowed = () =>
        withContext(
          t.site,
          JANE.user,
          async (ctx) => (await getUserPermissions(ctx)).get('User')?.map((e) => e.doc) ?? [],
          { readOnly: true },
        );
      assert.deepEqual(await allowed(), []);
      await asAdmin(t, (ctx) =>
        insertDoc(ctx, {
          doctype: 'User Permission',
          user: JANE.user,
          allow: 'User',
          for_value: WEB.user,
        }),
      );
      assert.deepEqual(await allowed(), [WEB.user]);
    });
  });
}
