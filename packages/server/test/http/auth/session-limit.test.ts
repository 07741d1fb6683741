import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../../helpers/dialects.js';
import {
  ADMIN_PASSWORD,
  JANE,
  buildAuthApp,
  cookiesOf,
  setSystemSettings,
  type AuthTestApp,
} from './auth.fixtures.js';

/** docs/spec/auth.md §6.5: `deny_multiple_sessions` and the per-user `simultaneous_sessions`, through a listening server. */
for (const dialect of DIALECTS) {
  describe(`concurrent sessions (${dialect})`, () => {
    let t: AuthTestApp;
    let url = '';
    before(async () => {
      t = await buildAuthApp({ dialect });
      url = await t.app.listen({ port: 0, host: '127.0.0.1' });
    });
    after(() => t.close());

    const login = async (usr: string, pwd: string) => {
      const res = await fetch(`${url}/api/method/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ usr, pwd }),
      });
      assert.equal(res.status, 200, await res.clone().text());
      const sid = /^sid=([0-9a-f]{56});/.exec(
        cookiesOf({ 'set-cookie': res.headers.getSetCookie() }).get('sid') ?? '',
      )?.[1];
      assert.ok(sid, 'the login opened a session');
      return sid;
    };
    /** Who a session id is now: the user, or null once it ended. */
    const who = async (sid: string) => {
      const res = await fetch(`${url}/api/method/frappe.auth.get_logged_user`, {
        headers: { cookie: `sid=${sid}` },
      });
      const body = (await res.json()) as { message?: string; session_expired?: number };
      if (res.status === 200) return body.message ?? null;
      assert.equal(res.status, 403);
      assert.equal(body.session_expired, 1, 'an ended session is reported as expired');
      return null;
    };
    const setSimultaneous = (user: string, value: number) =>
      t.site.db.kysely
        .updateTable('tabUser')
        .set({ simultaneous_sessions: value })
        .where('name', '=', user)
        .execute();
    const sessionRows = async (user: string) =>
      (
        await t.site.db.kysely
          .selectFrom('tabSessions')
          .select('sid')
          .where('user', '=', user)
          .execute()
      ).length;

    it('without deny_multiple_sessions every login keeps its own session', async () => {
      await setSimultaneous(JANE.user, 1);
      const sids = [];
      for (let i = 0; i < 3; i++) sids.push(await login(JANE.user, JANE.pwd));
      for (const sid of sids) assert.equal(await who(sid), JANE.user);
    });

    it('with it, a login ends the oldest sessions beyond simultaneous_sessions, newest kept', async () => {
      await setSystemSettings(t.site.db.kysely, { deny_multiple_sessions: '1' });
      await setSimultaneous(JANE.user, 2);
      const first = await login(JANE.user, JANE.pwd);
      const second = await login(JANE.user, JANE.pwd);
      assert.equal(await sessionRows(JANE.user), 2, 'the older logins of the last test are gone');
      assert.deepEqual([await who(first), await who(second)], [JANE.user, JANE.user]);
      const third = await login(JANE.user, JANE.pwd);
      assert.equal(await who(first), null, 'the oldest session ended');
      assert.deepEqual([await who(second), await who(third)], [JANE.user, JANE.user]);
      assert.equal(await sessionRows(JANE.user), 2);
    });

    it('a simultaneous_sessions of 0 counts as 1, and other users are untouched', async () => {
      const admin = await login('Administrator', ADMIN_PASSWORD);
      await setSimultaneous(JANE.user, 0);
      const older = await login(JANE.user, JANE.pwd);
      const newest = await login(JANE.user, JANE.pwd);
      assert.equal(await who(older), null);
      assert.equal(await who(newest), JANE.user);
      assert.equal(await who(admin), 'Administrator', "another user's session stays");
      await setSystemSettings(t.site.db.kysely, { deny_multiple_sessions: '0' });
    });

    it('site config deny_multiple_sessions applies as well', async () => {
      await setSimultaneous(JANE.user, 1);
      const config = t.site.config as Record<string, unknown>;
      config['deny_multiple_sessions'] = 1;
      try {
        const older = await login(JANE.user, JANE.pwd);
        const newest = await login(JANE.user, JANE.pwd);
        assert.equal(await who(older), null);
        assert.equal(await who(newest), JANE.user);
      } finally {
        delete config['deny_multiple_sessions'];
      }
    });
  });
}
