import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../../helpers/dialects.js';
import {
  GONE,
  JANE,
  WEB,
  buildAuthApp,
  cookiesOf,
  setSystemSettings,
  type AuthTestApp,
} from './auth.fixtures.js';
import { plain, startSmtp } from '../../helpers/smtp-sink.js';
import { withContext } from '../../../src/engine/runtime/with-context.js';
import { insertDoc, updateDoc } from '../../../src/engine/document.js';
import { todayDate } from '../../../src/engine/store/values.js';

const USER_PATH = '/api/method/frappe.core.doctype.user.user';

for (const dialect of DIALECTS) {
  describe(`password reset (${dialect})`, () => {
    let t: AuthTestApp;
    let url = '';
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    let ip = 0;
    before(async () => {
      smtp = await startSmtp();
      t = await buildAuthApp({
        dialect,
        config: {
          mail_server: '127.0.0.1',
          mail_port: smtp.port,
          host_name: 'https://erp.example.com',
          trusted_proxies: ['127.0.0.1'],
        },
      });
      url = await t.app.listen({ port: 0, host: '127.0.0.1' });
    });
    after(async () => {
      await t.close();
      await smtp.close();
    });

    /** Each call from its own client address unless told, so the per-IP limits only bite where tested. */
    const post = async (path: string, body: unknown, from = `10.0.0.${++ip}`) => {
      const res = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
        body: JSON.stringify(body),
      });
      return {
        status: res.status,
        body: (await res.json()) as Record<string, any>,
        headers: res.headers,
        cookies: cookiesOf({ 'set-cookie': res.headers.getSetCookie() }),
      };
    };
    const login = (usr: string, pwd: string) => post('/api/method/login', { usr, pwd });
    const requestReset = async (user: string) => {
      const seen = smtp.mails.length;
      const res = await post(`${USER_PATH}.reset_password`, { user });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const mail = await smtp.nth(seen);
      assert.equal(mail.to, user);
      const key = /update-password\?key=([0-9a-f]+)/.exec(plain(mail.raw))?.[1];
      assert.ok(key, 'the mail carries the reset link');
      return key;
    };

    it('answers as Frappe does for Administrator, disabled and unknown users', async () => {
      const admin = await post(`${USER_PATH}.reset_password`, { user: 'Administrator' });
      assert.deepEqual([admin.status, admin.body.message], [200, 'not allowed']);
      const gone = await post(`${USER_PATH}.reset_password`, { user: GONE.user });
      assert.deepEqual([gone.status, gone.body.message], [200, 'disabled']);
      const unknown = await post(`${USER_PATH}.reset_password`, { user: 'nobody@example.com' });
      assert.deepEqual([unknown.status, unknown.body.message], [404, 'not found']);
    });

    it('the mailed key sets a new password once; the old password and the used key stop working', async () => {
      const key = await requestReset(WEB.user);
      const stored = await t.site.db.kysely
        .selectFrom('tabUser')
        .select('reset_password_key')
        .where('name', '=', WEB.user)
        .executeTakeFirstOrThrow();
      assert.notEqual(stored.reset_password_key, key, 'only a hash of the key is stored');
      const session = await login(WEB.user, WEB.pwd);
      assert.equal(session.status, 200);
      const updated = await post(`${USER_PATH}.update_password`, {
        key,
        new_password: 'New-Web-Pass-456',
      });
      assert.equal(updated.status, 200, JSON.stringify(updated.body));
      assert.equal(updated.body.message, '/me');
      const fresh = /^sid=([0-9a-f]{56});/.exec(updated.cookies.get('sid') ?? '')?.[1];
      assert.ok(fresh, 'the user is logged in with the new password, as Frappe does');
      assert.equal((await login(WEB.user, WEB.pwd)).status, 401);
      assert.equal((await login(WEB.user, 'New-Web-Pass-456')).status, 200);
      const again = await post(`${USER_PATH}.update_password`, {
        key,
        new_password: 'Other-Pass-789',
      });
      assert.equal(again.status, 410);
      assert.equal(
        again.body.message,
        'The reset password link has either been used before or is invalid',
      );
      const sid = /^sid=([0-9a-f]{56});/.exec(session.cookies.get('sid') ?? '')?.[1];
      const who = await fetch(`${url}/api/method/frappe.auth.get_logged_user`, {
        headers: { cookie: `sid=${sid}` },
      });
      assert.equal(who.status, 403, 'sessions opened with the old password are over');
      const now = await fetch(`${url}/api/method/frappe.auth.get_logged_user`, {
        headers: { cookie: `sid=${fresh}` },
      });
      assert.equal(((await now.json()) as { message: string }).message, WEB.user);
    });

    it('an expired key answers 410 and changes nothing', async () => {
      const key = await requestReset(JANE.user);
      await setSystemSettings(t.site.db.kysely, { reset_password_link_expiry_duration: '60' });
      await t.site.db.kysely
        .updateTable('tabUser')
        .set({ last_reset_password_key_generated_on: '2020-01-01 00:00:00.000000' })
        .where('name', '=', JANE.user)
        .execute();
      const res = await post(`${USER_PATH}.update_password`, {
        key,
        new_password: 'Jane-New-Pass-1',
      });
      assert.equal(res.status, 410);
      assert.equal(res.body.message, 'The reset password link has been expired');
      assert.equal((await login(JANE.user, JANE.pwd)).status, 200);
      await setSystemSettings(t.site.db.kysely, { reset_password_link_expiry_duration: '0' });
    });

    it('bad input: a non-string key, a weak password under the policy, a wrong old password', async () => {
      const typed = await post(`${USER_PATH}.update_password`, {
        key: ['like', '%'],
        new_password: 'Whatever-Pass-1',
      });
      assert.equal(typed.status, 417);
      const key = await requestReset(JANE.user);
      await setSystemSettings(t.site.db.kysely, {
        enable_password_policy: '1',
        minimum_password_score: '3',
      });
      const weak = await post(`${USER_PATH}.update_password`, { key, new_password: 'abc' });
      assert.equal(weak.status, 417, JSON.stringify(weak.body));
      assert.match(JSON.stringify(weak.body), /easy to guess/, 'zxcvbn feedback is the message');
      await setSystemSettings(t.site.db.kysely, { enable_password_policy: '0' });
      const guest = await post(`${USER_PATH}.update_password`, {
        old_password: 'wrong',
        new_password: 'Jane-New-Pass-2',
      });
      assert.equal(guest.status, 401);
      assert.equal((await login(JANE.user, JANE.pwd)).status, 200, 'nothing changed');
    });

    it('reset_password is limited to 3 calls an hour per address (429)', async () => {
      const from = '10.9.9.9';
      for (let i = 0; i < 3; i++)
        assert.equal(
          (await post(`${USER_PATH}.reset_password`, { user: 'nobody@example.com' }, from)).status,
          404,
        );
      const limited = await post(`${USER_PATH}.reset_password`, { user: JANE.user }, from);
      assert.equal(limited.status, 429);
      assert.ok(Number(limited.headers.get('retry-after')) > 0);
    });

    it('a user who must give a second factor is not logged in by update_password', async () => {
      const key = await requestReset(JANE.user);
      await setSystemSettings(t.site.db.kysely, { enable_two_factor_auth: '1' });
      const role = (flag: number) =>
        t.site.db.kysely
          .updateTable('tabRole')
          .set({ two_factor_auth: flag })
          .where('name', '=', 'System Manager')
          .execute();
      await role(1);
      try {
        const res = await post(`${USER_PATH}.update_password`, {
          key,
          new_password: 'Jane-Second-Pass-4',
        });
        assert.equal(res.status, 200, JSON.stringify(res.body));
        assert.equal(res.body.message, '/app');
        assert.equal(/^sid=[0-9a-f]{56};/.test(res.cookies.get('sid') ?? ''), false);
        const step = await login(JANE.user, 'Jane-Second-Pass-4');
        assert.ok(step.body.tmp_id, 'the new password leads to the second factor');
      } finally {
        await role(0);
        await setSystemSettings(t.site.db.kysely, { enable_two_factor_auth: '0' });
      }
      const reset = await requestReset(JANE.user);
      const back = await post(`${USER_PATH}.update_password`, {
        key: reset,
        new_password: JANE.pwd,
      });
      assert.equal(back.status, 200);
    });

    it('a new user gets the welcome mail; its link sets the first password', async () => {
      const insert = (email: string, extra: Record<string, unknown> = {}) =>
        withContext(
          t.site,
          'Administrator',
          (ctx) => insertDoc(ctx, { doctype: 'User', email, first_name: 'New', ...extra }),
          { flags: { ignorePermissions: true } },
        );
      const seen = smtp.mails.length;
      await insert('quiet@example.com', { send_welcome_email: 0 });
      // A desk role, so that the first login answers `Logged In` (a user without one is a Website User).
      await insert('new@example.com', { roles: [{ role: 'System Manager' }] });
      const mail = await smtp.nth(seen);
      assert.equal(mail.to, 'new@example.com', 'only the user who asked for it gets a mail');
      assert.match(mail.raw, /Subject: Complete Registration/);
      const key = /update-password\?key=([0-9a-f]+)/.exec(plain(mail.raw))?.[1];
      assert.ok(key, 'the mail carries the link to set a password');
      assert.equal((await login('new@example.com', 'First-Pass-852')).status, 401);
      const set = await post(`${USER_PATH}.update_password`, {
        key,
        new_password: 'First-Pass-852',
      });
      assert.equal(set.status, 200, JSON.stringify(set.body));
      assert.equal((await login('new@example.com', 'First-Pass-852')).body.message, 'Logged In');
      assert.equal(smtp.mails.length, seen + 1);
    });

    it('password_reset_limit from System Settings is read on every call (RV-14)', async () => {
      const from = '10.9.8.7';
      const reset = async () =>
        (await post(`${USER_PATH}.reset_password`, { user: 'nobody@example.com' }, from)).status;
      await setSystemSettings(t.site.db.kysely, { password_reset_limit: '1' });
      try {
        assert.equal(await reset(), 404);
        assert.equal(await reset(), 429, 'the second call of the hour is over a limit of 1');
        await setSystemSettings(t.site.db.kysely, { password_reset_limit: '3' });
        assert.equal(await reset(), 404, 'back at 3, the third call passes');
        assert.equal(await reset(), 429);
        await setSystemSettings(t.site.db.kysely, { password_reset_limit: '0' });
        assert.equal(await reset(), 429, 'an unset or zero limit is the default 3');
      } finally {
        await setSystemSettings(t.site.db.kysely, { password_reset_limit: '3' });
      }
    });

    it('switching force_user_to_reset_password on starts unrecorded password ages today', async () => {
      await t.site.db.kysely
        .updateTable('tabUser')
        .set({ last_password_reset_date: null })
        .where('name', '=', JANE.user)
        .execute();
      const save = (value: number) =>
        withContext(
          t.site,
          'Administrator',
          (ctx) =>
            updateDoc(ctx, 'System Settings', 'System Settings', {
              force_user_to_reset_password: value,
            }),
          { flags: { ignorePermissions: true } },
        );
      await save(30);
      const row = await t.site.db.kysely
        .selectFrom('tabUser')
        .select('last_password_reset_date')
        .where('name', '=', JANE.user)
        .executeTakeFirstOrThrow();
      const stored = row.last_password_reset_date as unknown;
      const day = stored instanceof Date ? stored.toISOString() : String(stored);
      assert.equal(day.slice(0, 10), todayDate());
      assert.equal(
        (await login(JANE.user, JANE.pwd)).body.message,
        'Logged In',
        'a fresh age logs in',
      );
      await save(0);
    });

    it('a password older than force_user_to_reset_password days must be reset first (AV-30)', async () => {
      await setSystemSettings(t.site.db.kysely, { force_user_to_reset_password: '1' });
      const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
      await t.site.db.kysely
        .updateTable('tabUser')
        .set({ last_password_reset_date: twoDaysAgo })
        .where('name', '=', JANE.user)
        .execute();
      const res = await login(JANE.user, JANE.pwd);
      assert.equal(res.status, 200);
      assert.equal(res.body.message, 'Password Reset');
      assert.match(
        res.body.redirect_to,
        /^https:\/\/erp\.example\.com\/update-password\?key=[0-9a-f]+&password_expired=true$/,
      );
      assert.equal(/^sid=[0-9a-f]{56};/.test(res.cookies.get('sid') ?? ''), false);
      const key = /key=([0-9a-f]+)/.exec(res.body.redirect_to)![1];
      const updated = await post(`${USER_PATH}.update_password`, {
        key,
        new_password: 'Jane-Renewed-Pass-3',
      });
      assert.equal(updated.status, 200);
      const after = await login(JANE.user, 'Jane-Renewed-Pass-3');
      assert.equal(after.body.message, 'Logged In');
      await setSystemSettings(t.site.db.kysely, { force_user_to_reset_password: '0' });
    });
  });
}
