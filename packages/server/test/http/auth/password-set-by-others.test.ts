import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../../helpers/dialects.js';
import {
  ADMIN_PASSWORD,
  JANE,
  buildAuthApp,
  cookiesOf,
  type AuthTestApp,
} from './auth.fixtures.js';

/*
 * System Settings `force_reset_password_set_by_others` (beyond Frappe,
 * docs/decisions.md; docs/auth.md "Password reset"), through a listening
 * server: a password a System Manager chose for someone else must be
 * replaced by its user at the next login; the user's own change ends that;
 * the setting is off by default. Bob and Carol have no roles (Website
 * Users), so their logins answer `No App`.
 */

const BOB = { user: 'bob@example.com', pwd: 'Chosen-By-Jane-1' };
const CAROL = { user: 'carol@example.com', pwd: 'Chosen-By-Jane-2' };
const USER_PATH = 'frappe.core.doctype.user.user';
const JANE_TOKEN = { authorization: `token ${JANE.key}:${JANE.secret}` };

for (const dialect of DIALECTS) {
  describe(`passwords set by others (${dialect})`, () => {
    let t: AuthTestApp;
    let url: string;
    before(async () => {
      t = await buildAuthApp({ dialect, config: { host_name: 'https://erp.example.com' } });
      url = await t.app.listen({ port: 0, host: '127.0.0.1' });
    });
    after(async () => t?.close());

    const call = async (method: string, path: string, body: unknown, headers = {}) => {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      const cookies = cookiesOf({ 'set-cookie': res.headers.getSetCookie() });
      return { status: res.status, body: (await res.json()) as any, cookies };
    };
    const login = (usr: string, pwd: string) => call('POST', '/api/method/login', { usr, pwd });
    const opened = (res: { cookies: Map<string, string> }) =>
      /^sid=[0-9a-f]{56};/.test(res.cookies.get('sid') ?? '');
    /** Jane, a System Manager, creates a user with a password she chose. */
    const createUser = async (user: { user: string; pwd: string }) => {
      const res = await call(
        'POST',
        '/api/resource/User',
        {
          email: user.user,
          first_name: user.user.split('@')[0],
          new_password: user.pwd,
          send_welcome_email: 0,
        },
        JANE_TOKEN,
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
    };
    /** Jane switches the setting through the REST API, as a System Manager would. */
    const setting = async (value: 0 | 1) => {
      const res = await call(
        'PUT',
        '/api/resource/System%20Settings/System%20Settings',
        { force_reset_password_set_by_others: value },
        JANE_TOKEN,
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
    };
    const assertSentToReset = async (user: { user: string; pwd: string }) => {
      const res = await login(user.user, user.pwd);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.message, 'Password Reset');
      assert.match(
        res.body.redirect_to,
        /^https:\/\/erp\.example\.com\/update-password\?key=[0-9a-f]+&password_expired=true$/,
      );
      assert.ok(!opened(res), 'no session with a password someone else chose');
      return /key=([0-9a-f]+)/.exec(res.body.redirect_to)?.[1] ?? '';
    };

    it('off by default: a user logs in with the password a System Manager chose', async () => {
      await createUser(BOB);
      const res = await login(BOB.user, BOB.pwd);
      assert.equal(res.body.message, 'No App', 'a Website User, logged in');
      assert.ok(opened(res));
    });

    it('on: a new user must choose their own password first, and then logs in', async () => {
      await setting(1);
      await createUser(CAROL);
      const wrong = await login(CAROL.user, 'not-her-password');
      assert.equal(wrong.status, 401, 'a wrong password learns nothing of the reset');
      assert.equal(wrong.body.redirect_to, undefined);
      const key = await assertSentToReset(CAROL);
      const reused = await assertSentToReset(CAROL);
      assert.notEqual(reused, key, 'each login issues a fresh link');
      const updated = await call('POST', `/api/method/${USER_PATH}.update_password`, {
        key: reused,
        new_password: 'Carol-Own-Choice-9',
      });
      assert.equal(updated.status, 200, JSON.stringify(updated.body));
      const again = await login(CAROL.user, 'Carol-Own-Choice-9');
      assert.equal(again.body.message, 'No App', 'her own password needs no reset');
      assert.ok(opened(again));
    });

    it('on: a password a System Manager sets on an existing user is marked too', async () => {
      const changed = await call(
        'PUT',
        `/api/resource/User/${encodeURIComponent(BOB.user)}`,
        { new_password: 'Reset-By-Jane-3' },
        JANE_TOKEN,
      );
      assert.equal(changed.status, 200, JSON.stringify(changed.body));
      await assertSentToReset({ user: BOB.user, pwd: 'Reset-By-Jane-3' });
    });

    it('switching the setting off lets marked users in; their own password is never marked', async () => {
      await setting(0);
      const released = await login(BOB.user, 'Reset-By-Jane-3');
      assert.equal(released.body.message, 'No App');
      await setting(1);
      const sid = /^sid=([0-9a-f]{56});/.exec(released.cookies.get('sid') ?? '')?.[1] ?? '';
      const own = await call(
        'POST',
        `/api/method/${USER_PATH}.update_password`,
        { old_password: 'Reset-By-Jane-3', new_password: 'Bob-Own-Choice-4' },
        { cookie: `sid=${sid}` },
      );
      assert.equal(own.status, 200, JSON.stringify(own.body));
      const after = await login(BOB.user, 'Bob-Own-Choice-4');
      assert.equal(after.body.message, 'No App');
      assert.ok(opened(after));
      const admin = await login('Administrator', ADMIN_PASSWORD);
      assert.equal(admin.body.message, 'Logged In', 'Administrator is never sent to reset');
      await setting(0);
    });
  });
}
