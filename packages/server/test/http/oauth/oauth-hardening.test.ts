import assert from 'node:assert/strict';
import { forgetCredentials } from '../../../src/features/auth/credential-cache.js';
import { after, before, describe, it } from 'node:test';
import {
  publishedKeys,
  currentSigningKey,
  KEY_ROTATION_SECONDS,
} from '../../../src/features/oauth/signing-keys.js';
import { Secret, TOTP } from 'otpauth';
import {
  markOtpAppSetUp,
  otpSecretFor,
} from '../../../src/features/auth/two-factor/otp-secrets.js';
import { DIALECTS } from '../../helpers/dialects.js';
import { JANE, WEB, setSystemSettings, type AuthTestApp } from '../auth/auth.fixtures.js';
import {
  CHALLENGE,
  CLIENT,
  OAUTH,
  VERIFIER,
  addClient,
  authorizeQuery,
  buildOAuthApp,
  loginCookie,
  obtainCode,
  passwordGrant,
  postForm,
} from './oauth.fixtures.js';

/*
 * Bad input and attacks on the provider: every refusal is an RFC or Frappe
 * error with its status (never a 500), nothing is half-written, bearer
 * tokens are checked on every request, and a dump of the database holds no
 * usable secret, code or token.
 */

const FULL = { state: 's', code_challenge: CHALLENGE, code_challenge_method: 'S256' };
const json = { accept: 'application/json' };

for (const dialect of DIALECTS) {
  describe(`OAuth hardening (${dialect})`, () => {
    let t: AuthTestApp;
    let cookie: string;
    /** Every secret the suite saw in the clear; none may be in the database. */
    const issued = new Set<string>([CLIENT.secret]);
    before(async () => {
      t = await buildOAuthApp(dialect, { config: { enforce_csrf: true } });
      cookie = await loginCookie(t);
    });
    after(async () => t?.close());

    const exchange = async (extra: Record<string, string> = {}) => {
      const { code } = await obtainCode(t, cookie, FULL);
      issued.add(code);
      const res = await postForm(t, 'get_token', {
        grant_type: 'authorization_code',
        code,
        redirect_uri: CLIENT.redirect,
        client_id: CLIENT.id,
        code_verifier: VERIFIER,
        ...extra,
      });
      if (res.statusCode === 200) {
        issued.add(res.json().access_token);
        issued.add(res.json().refresh_token);
      }
      return res;
    };
    const tokenRows = async () =>
      Number(
        (
          await t.site.db.kysely
            .selectFrom('tabOAuth Bearer Token')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const bearerGet = (token: string, url = '/api/method/frappe.auth.get_logged_user') =>
      t.app.inject({ url, headers: { ...json, authorization: `Bearer ${token}` } });

    it('a JSON body at the token endpoint is an empty request', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: `${OAUTH}get_token`,
        payload: {
          grant_type: 'password',
          username: JANE.user,
          password: JANE.pwd,
          client_id: CLIENT.id,
        },
      });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(res.json(), { error: 'unsupported_grant_type' });
    });

    it('the password grant is no way around a second factor', async () => {
      const roles = await t.site.db.kysely
        .selectFrom('tabHas Role')
        .select('role')
        .where('parent', '=', JANE.user)
        .execute();
      const grant = () =>
        postForm(t, 'get_token', {
          grant_type: 'password',
          username: JANE.user,
          password: JANE.pwd,
          client_id: CLIENT.id,
          scope: 'all',
        });
      const before = await tokenRows();
      await setSystemSettings(t.site.db.kysely, { enable_two_factor_auth: '1' });
      await t.site.db.kysely
        .updateTable('tabRole')
        .set({ two_factor_auth: 1 })
        .where(
          'name',
          'in',
          roles.map((row) => String(row.role)),
        )
        .execute();
      try {
        const refused = await grant();
        assert.equal(refused.statusCode, 400, refused.body);
        assert.equal(refused.json().error, 'invalid_grant');
        assert.equal(await tokenRows(), before, 'no token written');
      } finally {
        await setSystemSettings(t.site.db.kysely, { enable_two_factor_auth: '0' });
      }
      assert.equal((await grant()).statusCode, 200, 'the same grant without 2FA');
    });

    it('the login page asks for the second factor before it opens a session', async () => {
      const kysely = t.site.db.kysely;
      const secret = await otpSecretFor(kysely, t.site.config.encryption_key ?? null, JANE.user);
      await markOtpAppSetUp(kysely, JANE.user);
      await setSystemSettings(kysely, {
        enable_two_factor_auth: '1',
        two_factor_method: 'OTP App',
      });
      const roles = await kysely
        .selectFrom('tabHas Role')
        .select('role')
        .where('parent', '=', JANE.user)
        .execute();
      await kysely
        .updateTable('tabRole')
        .set({ two_factor_auth: 1 })
        .where(
          'name',
          'in',
          roles.map((row) => String(row.role)),
        )
        .execute();
      /** Posts the form the last page showed, with its CSRF cookie and token. */
      const submit = async (
        page: { body: string; cookie: string },
        fields: Record<string, string>,
      ) => {
        const token = /name="csrf_token" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
        const res = await t.app.inject({
          method: 'POST',
          url: '/login',
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: page.cookie },
          payload: new URLSearchParams({
            ...fields,
            csrf_token: token,
            'redirect-to': '/app',
          }).toString(),
        });
        const csrf = res.cookies.find((c) => c.name === 'login_csrf');
        return { res, page: { body: res.body, cookie: csrf ? `login_csrf=${csrf.value}` : '' } };
      };
      const opened = (res: { cookies: { name: string; value: string }[] }) =>
        res.cookies.some((c) => c.name === 'sid' && c.value !== '' && c.value !== 'Guest');
      try {
        const form = await t.app.inject({ url: '/login?redirect-to=/app' });
        const csrf = form.cookies.find((c) => c.name === 'login_csrf');
        const first = { body: form.body, cookie: `login_csrf=${csrf?.value ?? ''}` };
        const step1 = await submit(first, { usr: JANE.user, pwd: JANE.pwd });
        assert.equal(step1.res.statusCode, 200, step1.res.body);
        assert.match(step1.res.body, /<label for="login-otp">/);
        assert.ok(!opened(step1.res), 'no session before the second factor');
        const tmpId = /name="tmp_id" value="([0-9a-f]+)"/.exec(step1.res.body)?.[1] ?? '';
        assert.ok(tmpId);
        const wrong = await submit(step1.page, { tmp_id: tmpId, otp: '000000' });
        assert.equal(wrong.res.statusCode, 401);
        assert.ok(!opened(wrong.res));
        const again = await submit(wrong.page, { usr: JANE.user, pwd: JANE.pwd });
        const tmpId2 = /name="tmp_id" value="([0-9a-f]+)"/.exec(again.res.body)?.[1] ?? '';
        const otp = TOTP.generate({ secret: Secret.fromBase32(secret) });
        const done = await submit(again.page, { tmp_id: tmpId2, otp });
        assert.equal(done.res.statusCode, 303, done.res.body);
        assert.equal(done.res.headers.location, '/app');
        assert.ok(opened(done.res), 'the session opens after the code');
      } finally {
        await setSystemSettings(kysely, { enable_two_factor_auth: '0' });
      }
    });

    it('oversized and repeated parameters are invalid_request, not 500', async () => {
      const long = await postForm(t, 'get_token', {
        grant_type: 'authorization_code',
        client_id: CLIENT.id,
        code: 'x'.repeat(5000),
      });
      assert.equal(long.statusCode, 400);
      assert.equal(long.json().error, 'invalid_request');
      const twice = await t.app.inject({
        method: 'POST',
        url: `${OAUTH}get_token`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `grant_type=password&client_id=${CLIENT.id}&client_id=other`,
      });
      // Like Frappe's form_dict, a repeated key counts once; still an RFC error.
      assert.equal(twice.statusCode, 400);
      assert.ok(typeof twice.json().error === 'string');
      const state = await t.app.inject({
        url: `${OAUTH}authorize?${authorizeQuery({ state: 's'.repeat(5000) })}`,
        headers: { cookie },
      });
      assert.equal(state.statusCode, 400);
      assert.equal(state.json().error, 'invalid_request');
    });

    it('malformed bodies never reach a 500', async () => {
      const form = { 'content-type': 'application/x-www-form-urlencoded' };
      const cases: Array<[string, Record<string, string>, string, number]> = [
        ['get_token', form, 'grant_type=%ZZ&client_id=%', 400],
        ['get_token', form, `${'a'.repeat(100)}=${'%'.repeat(10)}`, 400],
        ['revoke_token', form, 'token=%E0%A4%A', 401],
        ['register_client', { 'content-type': 'application/json' }, '{"redirect_uris": "x"', 417],
        ['introspect_token', { 'content-type': 'application/json' }, '{"token": {"a":1}}', 200],
      ];
      for (const [method, headers, payload, status] of cases) {
        const res = await t.app.inject({
          method: 'POST',
          url: `${OAUTH}${method}`,
          headers,
          payload,
        });
        assert.equal(res.statusCode, status, `${method} ${payload}: ${res.body}`);
        assert.doesNotThrow(() => res.json());
      }
    });

    it('malformed Basic, or Basic plus a body secret, is invalid_client', async () => {
      for (const headers of [
        { authorization: 'Basic %%%' },
        { authorization: `Basic ${Buffer.from('no-colon').toString('base64')}` },
      ]) {
        const res = await postForm(t, 'get_token', { grant_type: 'password' }, headers);
        assert.equal(res.statusCode, 400, JSON.stringify(headers));
        assert.deepEqual(res.json(), { error: 'invalid_client' });
      }
      const both = await exchange({ client_secret: CLIENT.secret });
      assert.equal(both.statusCode, 200, 'body secret alone is fine');
      const res = await postForm(
        t,
        'get_token',
        { grant_type: 'password', client_secret: CLIENT.secret },
        {
          authorization: `Basic ${Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString('base64')}`,
        },
      );
      assert.deepEqual(res.json(), { error: 'invalid_client' });
    });

    it('a mismatched redirect_uri at the token endpoint issues nothing', async () => {
      const before = await tokenRows();
      const res = await exchange({ redirect_uri: 'https://app.example.com/other' });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(res.json(), {
        error: 'invalid_request',
        error_description: 'Mismatching redirect URI.',
      });
      assert.equal(await tokenRows(), before);
    });

    it('an expired code is invalid_grant', async () => {
      const { code } = await obtainCode(t, cookie, FULL);
      await t.site.db.kysely
        .updateTable('tabOAuth Authorization Code')
        .set({ expiration_time: '2000-01-01 00:00:00' })
        .where('validity', '=', 'Valid')
        .execute();
      const res = await postForm(t, 'get_token', {
        grant_type: 'authorization_code',
        code,
        redirect_uri: CLIENT.redirect,
        client_id: CLIENT.id,
        code_verifier: VERIFIER,
      });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error, 'invalid_grant');
    });

    it('a confidential client without the legacy switch must send its secret; PKCE alone is not enough', async () => {
      const strict = await addClient(t, {});
      issued.add(strict.secret);
      const { code } = await obtainCode(t, cookie, { ...FULL, client_id: strict.name });
      const res = await postForm(t, 'get_token', {
        grant_type: 'authorization_code',
        code,
        redirect_uri: CLIENT.redirect,
        client_id: strict.name,
        code_verifier: VERIFIER,
      });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(res.json(), { error: 'invalid_client' });
    });

    it('a legacy client exchanging without a secret needs PKCE', async () => {
      const { code } = await obtainCode(t, cookie, { state: 's' });
      const res = await postForm(t, 'get_token', {
        grant_type: 'authorization_code',
        code,
        redirect_uri: CLIENT.redirect,
        client_id: CLIENT.id,
      });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error, 'invalid_grant');
    });

    it('public clients must send an S256 challenge', async () => {
      const pub = await addClient(t, { token_endpoint_auth_method: 'None' });
      for (const params of [{}, { code_challenge: 'abc', code_challenge_method: 'plain' }]) {
        const res = await t.app.inject({
          url: `${OAUTH}authorize?${authorizeQuery({ client_id: pub.name, ...params })}`,
          headers: { cookie },
        });
        assert.equal(res.statusCode, 400, JSON.stringify(params));
        assert.equal(res.json().error, 'invalid_request');
      }
    });

    it('unsupported response types and PKCE methods', async () => {
      const odd = await t.app.inject({
        url: `${OAUTH}authorize?${authorizeQuery({ response_type: 'banana' })}`,
        headers: { cookie },
      });
      assert.equal(odd.statusCode, 400);
      assert.equal(odd.json().error, 'unsupported_response_type');
      const method = await t.app.inject({
        url: `${OAUTH}authorize?${authorizeQuery({ code_challenge: 'x', code_challenge_method: 's256' })}`,
        headers: { cookie },
      });
      assert.deepEqual(method.json(), {
        description: 'Transform algorithm not supported.',
        status_code: 400,
        error: 'invalid_request',
      });
    });

    it("a user without the client's roles may not authorize it", async () => {
      const webCookie = await loginCookie(t, { ...WEB, key: '', secret: '' });
      const res = await t.app.inject({
        url: `${OAUTH}authorize?${authorizeQuery(FULL)}`,
        headers: { cookie: webCookie },
      });
      assert.equal(res.statusCode, 403);
      assert.equal(res.json().error, 'access_denied');
    });

    it('expired and tampered tokens are 401 with a challenge; Bearer needs no CSRF', async () => {
      const { access_token: access } = (await exchange()).json();
      const create = await t.app.inject({
        method: 'POST',
        url: '/api/resource/ToDo',
        headers: { ...json, authorization: `Bearer ${access}` },
        payload: { description: 'from a bearer' },
      });
      assert.equal(create.statusCode, 200, create.body);
      const tampered = access.slice(0, -1) + (access.endsWith('A') ? 'B' : 'A');
      const bad = await bearerGet(tampered);
      assert.equal(bad.statusCode, 401);
      assert.match(String(bad.headers['www-authenticate']), /^Bearer error="invalid_token"/);
      await t.site.db.kysely
        .updateTable('tabOAuth Bearer Token')
        .set({ expiration_time: '2000-01-01 00:00:00' })
        .where('status', '=', 'Active')
        .execute();
      // A raw write, as another process would make it: seen after the credential cache's window.
      forgetCredentials();
      const expired = await bearerGet(access);
      assert.equal(expired.statusCode, 401);
      assert.equal(expired.json().exc_type, 'AuthenticationError');
      const introspected = await postForm(t, 'introspect_token', { token: access });
      assert.equal(introspected.json().active, false, 'expiry counts at introspection (B-O7)');
    });

    it('a token scoped to openid only may read the profile but not the API', async () => {
      const res = await postForm(t, 'get_token', {
        grant_type: 'password',
        username: JANE.user,
        password: JANE.pwd,
        client_id: CLIENT.id,
        scope: 'openid',
      });
      const access = res.json().access_token;
      issued.add(access);
      issued.add(res.json().refresh_token);
      const api = await bearerGet(access);
      assert.equal(api.statusCode, 403);
      assert.equal(api.json().error, 'insufficient_scope');
      assert.match(String(api.headers['www-authenticate']), /insufficient_scope/);
      const profile = await bearerGet(access, `${OAUTH}openid_profile`);
      assert.equal(profile.statusCode, 200);
    });

    it('revoke_all_tokens: System Managers end every token of a user', async () => {
      const { access_token: access } = (await exchange()).json();
      assert.equal((await bearerGet(access)).statusCode, 200);
      const web = await postForm(t, 'get_token', {
        grant_type: 'password',
        username: WEB.user,
        password: WEB.pwd,
        client_id: CLIENT.id,
        scope: 'all',
      });
      issued.add(web.json().access_token);
      issued.add(web.json().refresh_token);
      const denied = await t.app.inject({
        method: 'POST',
        url: `${OAUTH}revoke_all_tokens`,
        headers: { ...json, authorization: `Bearer ${web.json().access_token}` },
        payload: { user: JANE.user },
      });
      assert.equal(denied.statusCode, 403);
      assert.equal(denied.json().exc_type, 'PermissionError');
      const res = await t.app.inject({
        method: 'POST',
        url: `${OAUTH}revoke_all_tokens`,
        headers: { ...json, authorization: `Bearer ${access}` },
        payload: { user: JANE.user },
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.ok(res.json().message.revoked >= 1);
      assert.equal((await bearerGet(access)).statusCode, 401);
    });

    it('a disabled user’s tokens stop working', async () => {
      const res = await postForm(t, 'get_token', {
        grant_type: 'password',
        username: JANE.user,
        password: JANE.pwd,
        client_id: CLIENT.id,
        scope: 'all',
      });
      const access = res.json().access_token;
      issued.add(access);
      issued.add(res.json().refresh_token);
      await t.site.db.kysely
        .updateTable('tabUser')
        .set({ enabled: 0 })
        .where('name', '=', JANE.user)
        .execute();
      try {
        assert.equal((await bearerGet(access)).statusCode, 401);
      } finally {
        await t.site.db.kysely
          .updateTable('tabUser')
          .set({ enabled: 1 })
          .where('name', '=', JANE.user)
          .execute();
      }
    });

    it('dynamic registration: off by default (404), rate-limited per IP when on', async () => {
      const body = { client_name: 'x', redirect_uris: ['https://x.example/cb'] };
      const off = await t.app.inject({
        method: 'POST',
        url: `${OAUTH}register_client`,
        payload: body,
      });
      assert.equal(off.statusCode, 404);
      await t.site.db.kysely
        .insertInto('tabSingles')
        .values({
          doctype: 'OAuth Settings',
          field: 'enable_dynamic_client_registration',
          value: '1',
        })
        .execute();
      const http = await t.app.inject({
        method: 'POST',
        url: `${OAUTH}register_client`,
        payload: { ...body, redirect_uris: ['http://x.example/cb'] },
      });
      assert.equal(http.statusCode, 400);
      assert.equal(http.json().error, 'invalid_client_metadata');
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) {
        const res = await t.app.inject({
          method: 'POST',
          url: `${OAUTH}register_client`,
          payload: body,
        });
        statuses.push(res.statusCode);
        if (res.statusCode === 201) issued.add(res.json().client_secret);
      }
      assert.deepEqual(statuses.slice(0, 9), Array(9).fill(201));
      assert.equal(statuses[9], 429);
    });

    it('signing keys rotate; retired keys stay published for a day', async () => {
      const db = t.site.db.kysely;
      const key = t.site.config.encryption_key;
      const now = Math.floor(Date.now() / 1000);
      const first = await currentSigningKey(db, key, now);
      assert.equal((await currentSigningKey(db, key, now + 60)).kid, first.kid);
      const later = now + KEY_ROTATION_SECONDS + 1;
      const second = await currentSigningKey(db, key, later);
      assert.notEqual(second.kid, first.kid);
      const kids = (await publishedKeys(db, key, later)).keys.map((k) => k.kid);
      assert.ok(kids.includes(first.kid) && kids.includes(second.kid));
      const muchLater = (await publishedKeys(db, key, later + 2 * 86_400)).keys.map((k) => k.kid);
      assert.ok(!muchLater.includes(first.kid) && muchLater.includes(second.kid));
      for (const published of (await publishedKeys(db, key, later)).keys)
        assert.equal(
          (published as { d?: string }).d,
          undefined,
          'only public halves are published',
        );
    });

    it('OAuth Clients through the REST API: secrets masked, pairs checked, secret shown once', async () => {
      const admin = { ...json, authorization: `Bearer ${(await exchange()).json().access_token}` };
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/resource/OAuth%20Client',
        headers: admin,
        payload: {
          app_name: 'REST App',
          default_redirect_uri: 'https://rest.example/cb',
          client_secret: 'typed-in-secret-1234567890',
        },
      });
      assert.equal(created.statusCode, 200, created.body);
      issued.add('typed-in-secret-1234567890');
      const name = created.json().data.name;
      assert.equal(created.json().data.client_id, name);
      assert.equal(created.json().data.client_secret, '**********');
      const read = await t.app.inject({
        url: `/api/resource/OAuth%20Client/${name}`,
        headers: admin,
      });
      assert.equal(read.json().data.client_secret, '**********');
      const pair = await t.app.inject({
        method: 'POST',
        url: '/api/resource/OAuth%20Client',
        headers: admin,
        payload: {
          app_name: 'Bad pair',
          default_redirect_uri: 'https://rest.example/cb',
          grant_type: 'Implicit',
          response_type: 'Code',
        },
      });
      assert.equal(pair.statusCode, 417);
      assert.equal(pair.json().exc_type, 'ValidationError');
      const generated = await t.app.inject({
        method: 'POST',
        url: `${OAUTH}generate_client_secret`,
        headers: admin,
        payload: { client: name },
      });
      assert.equal(generated.statusCode, 200, generated.body);
      const secret = generated.json().message.client_secret;
      assert.match(secret, /^[0-9a-f]{64}$/);
      issued.add(secret);
      const basic = `Basic ${Buffer.from(`${name}:${secret}`).toString('base64')}`;
      const introspect = await postForm(
        t,
        'introspect_token',
        { token: 'x' },
        { authorization: basic },
      );
      assert.deepEqual(introspect.json(), { active: false });
      const old = `Basic ${Buffer.from(`${name}:typed-in-secret-1234567890`).toString('base64')}`;
      const revoke = await postForm(t, 'revoke_token', { token: 'x' }, { authorization: old });
      assert.equal(revoke.statusCode, 401, 'the replaced secret no longer authenticates');
    });

    it('CORS: well-known documents for any origin, token endpoints for the allowed ones', async () => {
      const known = await t.app.inject({
        url: '/.well-known/openid-configuration',
        headers: { origin: 'https://any.example' },
      });
      assert.equal(known.headers['access-control-allow-origin'], 'https://any.example');
      const preflight = (origin: string) =>
        t.app.inject({
          method: 'OPTIONS',
          url: `${OAUTH}get_token`,
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'content-type',
          },
        });
      assert.equal(
        (await preflight('https://spa.example')).headers['access-control-allow-origin'],
        undefined,
      );
      await t.site.db.kysely
        .insertInto('tabSingles')
        .values({
          doctype: 'OAuth Settings',
          field: 'allowed_public_client_origins',
          value: 'https://spa.example',
        })
        .execute();
      const allowed = await preflight('https://spa.example');
      assert.equal(allowed.statusCode, 200);
      assert.equal(allowed.headers['access-control-allow-origin'], 'https://spa.example');
      assert.equal(allowed.headers['access-control-allow-methods'], 'POST');
      assert.equal(allowed.headers['access-control-allow-headers'], 'content-type');
      assert.equal(
        (await preflight('https://evil.example')).headers['access-control-allow-origin'],
        undefined,
      );
    });

    it('an unknown client_id at get_token is invalid_client and writes nothing', async () => {
      const { code } = await obtainCode(t, cookie, FULL);
      issued.add(code);
      const before = await tokenRows();
      const unknown = 'zzzzzzzzzz';
      const basic = `Basic ${Buffer.from(`${unknown}:anything`).toString('base64')}`;
      const stranger = { client_id: unknown };
      const attempts: Array<[string, Record<string, string>, Record<string, string>]> = [
        ['code, body', { grant_type: 'authorization_code', code, ...stranger }, {}],
        ['code, Basic', { grant_type: 'authorization_code', code }, { authorization: basic }],
        ['code, no client', { grant_type: 'authorization_code', code }, {}],
        [
          'password',
          { grant_type: 'password', username: JANE.user, password: JANE.pwd, ...stranger },
          {},
        ],
        [
          'refresh',
          { grant_type: 'refresh_token', refresh_token: 'r'.repeat(30), ...stranger },
          {},
        ],
      ];
      for (const [what, values, headers] of attempts) {
        const body = { redirect_uri: CLIENT.redirect, code_verifier: VERIFIER, ...values };
        const res = await postForm(t, 'get_token', body, headers);
        assert.equal(res.statusCode, 400, `${what}: ${res.body}`);
        assert.deepEqual(res.json(), { error: 'invalid_client' }, what);
        assert.equal(res.headers['cache-control'], 'no-store', what);
      }
      assert.equal(await tokenRows(), before, 'no token written');
      const rightful = await postForm(t, 'get_token', {
        grant_type: 'authorization_code',
        code,
        redirect_uri: CLIENT.redirect,
        client_id: CLIENT.id,
        code_verifier: VERIFIER,
      });
      assert.equal(rightful.statusCode, 200, 'the code was not burnt by a stranger');
      issued.add(rightful.json().access_token);
      issued.add(rightful.json().refresh_token);
    });

    it('get_token and openid_profile on the /api/v1/method and /api/v2/method forms', async () => {
      for (const prefix of ['/api/v1/method/', '/api/v2/method/']) {
        const method = `${prefix}frappe.integrations.oauth2.`;
        const { code } = await obtainCode(t, cookie, FULL);
        issued.add(code);
        const exchangeHere = () =>
          t.app.inject({
            method: 'POST',
            url: `${method}get_token`,
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            payload: new URLSearchParams({
              grant_type: 'authorization_code',
              code,
              redirect_uri: CLIENT.redirect,
              client_id: CLIENT.id,
              code_verifier: VERIFIER,
            }).toString(),
          });
        const res = await exchangeHere();
        assert.equal(res.statusCode, 200, `${prefix}: ${res.body}`);
        const body = res.json();
        assert.equal(body.token_type, 'Bearer', 'the RFC body, not a v2 envelope');
        assert.equal(body.data, undefined);
        assert.ok(typeof body.id_token === 'string');
        issued.add(body.access_token);
        issued.add(body.refresh_token);
        const profile = await bearerGet(body.access_token, `${method}openid_profile`);
        assert.equal(profile.statusCode, 200, `${prefix}: ${profile.body}`);
        assert.equal(profile.json().email, JANE.user);
        const reused = await exchangeHere();
        assert.equal(reused.statusCode, 400);
        assert.deepEqual(reused.json(), { error: 'invalid_grant' });
      }
    });

    it('revoke_all_tokens by client ends that client’s tokens and no other', async () => {
      const second = await addClient(t, { app_name: 'Second App' });
      issued.add(second.secret);
      const grant = async (user: { user: string; pwd: string }, client: typeof second | null) => {
        const at = client === null ? {} : { client_id: client.name, client_secret: client.secret };
        const res = await passwordGrant(t, 'all', user, at);
        assert.equal(res.statusCode, 200, res.body);
        issued.add(res.json().access_token);
        issued.add(res.json().refresh_token);
        return String(res.json().access_token);
      };
      const revokeAll = (admin: string, payload: Record<string, string>) =>
        t.app.inject({
          method: 'POST',
          url: `${OAUTH}revoke_all_tokens`,
          headers: { ...json, authorization: `Bearer ${admin}` },
          payload,
        });
      const admin = await grant(JANE, null);
      const janeSecond = await grant(JANE, second);
      const webSecond = await grant(WEB, second);
      const none = await revokeAll(admin, { client: 'no-such-client' });
      assert.equal(none.statusCode, 200, none.body);
      assert.equal(none.json().message.revoked, 0);
      const empty = await revokeAll(admin, {});
      assert.equal(empty.statusCode, 417);
      assert.equal(empty.json().exc_type, 'ValidationError');
      const res = await revokeAll(admin, { client: second.name });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().message.revoked, 2);
      assert.equal((await bearerGet(janeSecond)).statusCode, 401);
      assert.equal((await bearerGet(webSecond)).statusCode, 401);
      assert.equal((await bearerGet(admin)).statusCode, 200, 'the other client’s token lives');
      const janeAgain = await grant(JANE, second);
      const webAgain = await grant(WEB, second);
      const pair = await revokeAll(admin, { user: WEB.user, client: second.name });
      assert.equal(pair.json().message.revoked, 1);
      assert.equal((await bearerGet(webAgain)).statusCode, 401);
      assert.equal((await bearerGet(janeAgain)).statusCode, 200);
    });

    it('a dump of every table holds no usable secret, code or token', async () => {
      const db = t.site.db.kysely;
      const tables = await db.introspection.getTables();
      let dump = '';
      for (const table of tables) {
        const rows = await db.selectFrom(table.name).selectAll().execute();
        dump += JSON.stringify(rows);
      }
      assert.ok(issued.size > 20, `the suite saw ${issued.size} secrets`);
      for (const secret of issued) assert.ok(!dump.includes(secret), `found a secret in the dump`);
      assert.doesNotMatch(dump, /"d":"/, 'no private signing key in the clear');
    });
  });
}
