import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { DIALECTS } from '../../helpers/dialects.js';
import { JANE, WEB, type AuthTestApp } from '../auth/auth.fixtures.js';
import {
  CHALLENGE,
  CLIENT,
  OAUTH,
  VERIFIER,
  approveActionOf,
  authorizeQuery,
  buildOAuthApp,
  csrfOf,
  loginCookie,
  postForm,
} from './oauth.fixtures.js';

/*
 * Forged requests at the login page and the approve step
 * (docs/spec/DECISIONS.md, "OAuth approve"; docs/oauth.md): a form without
 * its CSRF token, or with someone else's, is refused and writes nothing, and
 * a `user_id` cookie never decides whose code approve issues.
 */

const FULL = { state: 's', code_challenge: CHALLENGE, code_challenge_method: 'S256' };
const FORM = 'application/x-www-form-urlencoded';

for (const dialect of DIALECTS) {
  describe(`OAuth forged requests (${dialect})`, () => {
    let t: AuthTestApp;
    before(async () => {
      t = await buildOAuthApp(dialect);
    });
    after(async () => t?.close());

    const codeRows = async () =>
      t.site.db.kysely.selectFrom('tabOAuth Authorization Code').select(['user']).execute();
    const sessionOpened = (res: LightMyRequestResponse) =>
      res.cookies.some((c) => c.name === 'sid' && c.value !== '' && c.value !== 'Guest');
    const consentFor = async (cookie: string) => {
      const page = await t.app.inject({
        url: `${OAUTH}authorize?${authorizeQuery(FULL)}`,
        headers: { cookie },
      });
      assert.equal(page.statusCode, 200, page.body);
      return page;
    };
    const postApprove = (action: string, cookie: string, body: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: action,
        headers: { cookie, 'content-type': FORM },
        payload: new URLSearchParams(body).toString(),
      });

    describe('the login page', () => {
      const openForm = async () => {
        const page = await t.app.inject({ url: '/login?redirect-to=/app' });
        const cookie = page.cookies.find((c) => c.name === 'login_csrf')?.value ?? '';
        const token = /name="csrf_token" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
        assert.ok(cookie !== '' && token !== '');
        return { cookie, token };
      };
      const submit = (cookie: string | null, fields: Record<string, string>) =>
        t.app.inject({
          method: 'POST',
          url: '/login',
          headers: {
            'content-type': FORM,
            ...(cookie === null ? {} : { cookie: `login_csrf=${cookie}` }),
          },
          payload: new URLSearchParams({
            usr: JANE.user,
            pwd: JANE.pwd,
            'redirect-to': '/app',
            ...fields,
          }).toString(),
        });

      it('refuses a missing, wrong or foreign CSRF token and opens no session', async () => {
        const mine = await openForm();
        const other = await openForm();
        const forged: Array<[string, string | null, Record<string, string>]> = [
          ['no token', mine.cookie, {}],
          ['an empty token', mine.cookie, { csrf_token: '' }],
          ['a wrong token', mine.cookie, { csrf_token: `${mine.token}x` }],
          ['the token without its cookie', null, { csrf_token: mine.token }],
          ["another form's token", mine.cookie, { csrf_token: other.token }],
          ['a token equal to a forged cookie', 'attacker', { csrf_token: 'attacker-x' }],
        ];
        for (const [what, cookie, fields] of forged) {
          const res = await submit(cookie, fields);
          assert.equal(res.statusCode, 400, `${what}: ${res.body}`);
          assert.match(res.body, /login form expired/, what);
          assert.equal(res.headers.location, undefined, what);
          assert.ok(!sessionOpened(res), `${what}: no session`);
        }
        const good = await submit(mine.cookie, { csrf_token: mine.token });
        assert.equal(good.statusCode, 303, good.body);
        assert.equal(good.headers.location, '/app');
        assert.ok(sessionOpened(good));
      });
    });

    describe('the approve form', () => {
      it('refuses a missing, wrong or other session’s CSRF token and writes no code', async () => {
        const cookie = await loginCookie(t);
        const otherSession = await loginCookie(t);
        const consent = await consentFor(cookie);
        const action = approveActionOf(consent);
        const otherToken = csrfOf(await consentFor(otherSession));
        assert.notEqual(otherToken, csrfOf(consent));
        const before = (await codeRows()).length;
        for (const [what, body] of [
          ['no token', {}],
          ['an empty token', { csrf_token: '' }],
          ['a wrong token', { csrf_token: `${csrfOf(consent)}x` }],
          ["another session's token", { csrf_token: otherToken }],
        ] as Array<[string, Record<string, string>]>) {
          const res = await postApprove(action, cookie, body);
          assert.equal(res.statusCode, 403, `${what}: ${res.body}`);
          assert.equal(res.json().error, 'access_denied', what);
          assert.equal(res.headers.location, undefined, what);
        }
        assert.equal((await codeRows()).length, before, 'no code written');
        const good = await postApprove(action, cookie, { csrf_token: csrfOf(consent) });
        assert.equal(good.statusCode, 302, good.body);
        assert.equal((await codeRows()).length, before + 1);
      });

      it('a forged user_id cookie cannot bind a code to another user', async () => {
        const session = (await loginCookie(t)).split(';')[0] ?? '';
        const forged = `${session}; user_id=${encodeURIComponent(WEB.user)}`;
        const consent = await consentFor(forged);
        assert.doesNotMatch(consent.body, new RegExp(WEB.user.replace('.', '\\.')));
        const res = await postApprove(approveActionOf(consent), forged, {
          csrf_token: csrfOf(consent),
        });
        assert.equal(res.statusCode, 302, res.body);
        const code = new URL(String(res.headers.location)).searchParams.get('code') ?? '';
        const users = (await codeRows()).map((row) => String(row.user));
        assert.ok(!users.includes(WEB.user), 'no code of the cookie’s user');
        const token = await postForm(t, 'get_token', {
          grant_type: 'authorization_code',
          code,
          redirect_uri: CLIENT.redirect,
          client_id: CLIENT.id,
          code_verifier: VERIFIER,
        });
        assert.equal(token.statusCode, 200, token.body);
        const who = await t.app.inject({
          url: '/api/method/frappe.auth.get_logged_user',
          headers: { authorization: `Bearer ${token.json().access_token}` },
        });
        assert.equal(who.json().message, JANE.user, 'the code is the session user’s');
      });

      it('a user_id cookie without a session approves nothing', async () => {
        const before = (await codeRows()).length;
        for (const cookie of [
          `user_id=${encodeURIComponent(JANE.user)}`,
          `sid=Guest; user_id=${encodeURIComponent(JANE.user)}`,
          `sid=${'0'.repeat(56)}; user_id=${encodeURIComponent(JANE.user)}`,
        ]) {
          const res = await t.app.inject({
            method: 'POST',
            url: `${OAUTH}approve?${authorizeQuery(FULL)}`,
            headers: { cookie, 'content-type': FORM, accept: 'application/json' },
            payload: 'csrf_token=x',
          });
          assert.ok([401, 403].includes(res.statusCode), `${cookie}: ${res.statusCode}`);
          assert.equal(res.headers.location, undefined);
        }
        assert.equal((await codeRows()).length, before);
      });
    });
  });
}
