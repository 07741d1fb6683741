import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { atHash } from '../../../src/features/oauth/id-token.js';
import { DIALECTS } from '../../helpers/dialects.js';
import { JANE, type AuthTestApp } from '../auth/auth.fixtures.js';
import {
  CHALLENGE,
  CLIENT,
  OAUTH,
  SITE_URL,
  VERIFIER,
  addClient,
  authorizeQuery,
  buildOAuthApp,
  loginCookie,
  obtainCode,
  postForm,
} from './oauth.fixtures.js';

/*
 * docs/spec/oauth2.md §17–18, OV-01 … OV-29, in order on one site per dialect. Where
 * we differ from Frappe on purpose (docs/spec/DECISIONS.md: RS256 id_token, consent form
 * posted with the session's CSRF token, secrets checked), the vector says so.
 */

const PKCE = { code_challenge: CHALLENGE, code_challenge_method: 'S256' };
const FULL = { state: 'xyz123', nonce: 'n-0S6_WzA2Mj', ...PKCE };

for (const dialect of DIALECTS) {
  describe(`OAuth vectors OV-01…OV-29 (${dialect})`, () => {
    let t: AuthTestApp;
    let cookie: string;
    let code: string;
    let access: string;
    let refresh: string;
    let access2: string;
    before(async () => {
      t = await buildOAuthApp(dialect);
      cookie = await loginCookie(t);
    });
    after(async () => t?.close());

    const exchange = (codeValue: string, extra: Record<string, string> = {}) =>
      postForm(t, 'get_token', {
        grant_type: 'authorization_code',
        code: codeValue,
        redirect_uri: CLIENT.redirect,
        client_id: CLIENT.id,
        code_verifier: VERIFIER,
        ...extra,
      });
    const whoAmI = (token: string) =>
      t.app.inject({
        url: '/api/method/frappe.auth.get_logged_user',
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      });

    it('OV-01 a Guest at authorize is sent to /login and carries every parameter', async () => {
      const res = await t.app.inject({ url: `${OAUTH}authorize?${authorizeQuery(FULL)}` });
      assert.equal(res.statusCode, 302);
      const location = String(res.headers.location);
      assert.ok(
        location.startsWith(
          '/login?redirect-to=https%3A%2F%2Ferp.example.com%2Fapi%2Fmethod%2Ffrappe.integrations.oauth2.authorize%3F',
        ),
        location,
      );
      const back = new URL(new URL(location, SITE_URL).searchParams.get('redirect-to') ?? '');
      for (const [key, value] of Object.entries({ ...FULL, client_id: CLIENT.id }))
        assert.equal(back.searchParams.get(key), value, key);
      assert.equal(back.searchParams.get('redirect_uri'), CLIENT.redirect);
    });

    it('OV-02 the consent page names the app and links approve and deny', async () => {
      const res = await t.app.inject({
        url: `${OAUTH}authorize?${authorizeQuery(FULL)}`,
        headers: { cookie },
      });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/html/);
      assert.match(res.body, /Confirm Access/);
      assert.match(res.body, /Test App/);
      assert.match(res.body, /\/api\/method\/frappe\.integrations\.oauth2\.approve\?/);
      assert.match(
        res.body,
        /https:\/\/app\.example\.com\/callback\?error=access_denied&amp;state=xyz123/,
      );
      assert.doesNotMatch(res.body, /<script/i);
      assert.match(String(res.headers['content-security-policy']), /default-src 'none'/);
    });

    it('OV-03 approve (the consent form) redirects to the callback with a 30-character code', async () => {
      const result = await obtainCode(t, cookie, FULL);
      assert.match(
        result.location,
        /^https:\/\/app\.example\.com\/callback\?code=[A-Za-z0-9]{30}&state=xyz123$/,
      );
      code = result.code;
    });

    it('OV-03b approve without the consent form is refused (no consent bypass)', async () => {
      const res = await t.app.inject({
        url: `${OAUTH}approve?${authorizeQuery(FULL)}`,
        headers: { cookie },
      });
      assert.equal(res.statusCode, 403);
      assert.equal(res.json().error, 'access_denied');
      const guest = await t.app.inject({
        url: `${OAUTH}approve?${authorizeQuery(FULL)}`,
        headers: { accept: 'application/json' },
      });
      assert.equal(guest.statusCode, 403);
      assert.equal(guest.json().exc_type, 'PermissionError');
    });

    it('OV-04 token exchange without a secret (v15 legacy client, PKCE) gives the tokens and an RS256 id_token', async () => {
      const res = await exchange(code);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.headers['cache-control'], 'no-store');
      const body = res.json();
      assert.deepEqual(Object.keys(body).sort(), [
        'access_token',
        'expires_in',
        'id_token',
        'refresh_token',
        'scope',
        'token_type',
      ]);
      assert.match(body.access_token, /^[A-Za-z0-9]{30}$/);
      assert.match(body.refresh_token, /^[A-Za-z0-9]{30}$/);
      assert.equal(body.expires_in, 3600);
      assert.equal(body.token_type, 'Bearer');
      assert.equal(body.scope, 'all openid');
      access = body.access_token;
      refresh = body.refresh_token;
      const jwks = (await t.app.inject({ url: '/.well-known/jwks.json' })).json();
      const { payload, protectedHeader } = await jwtVerify(body.id_token, createLocalJWKSet(jwks), {
        issuer: SITE_URL,
        audience: CLIENT.id,
      });
      assert.equal(protectedHeader.alg, 'RS256');
      assert.equal(payload.nonce, 'n-0S6_WzA2Mj');
      assert.equal(Number(payload.exp) - Number(payload.iat), 3600);
      assert.equal(payload.email, JANE.user);
      assert.match(String(payload.sub), /^[0-9a-f]{39}$/);
      assert.equal(payload.at_hash, atHash(access));
      assert.equal(typeof payload.auth_time, 'number');
    });

    it('OV-04b a right secret is accepted, a wrong one is invalid_client', async () => {
      const good = await exchange((await obtainCode(t, cookie, FULL)).code, {
        client_secret: CLIENT.secret,
      });
      assert.equal(good.statusCode, 200, good.body);
      const bad = await exchange((await obtainCode(t, cookie, FULL)).code, {
        client_secret: 'wrong',
      });
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(bad.json(), { error: 'invalid_client' });
    });

    it('OV-05 a reused code is invalid_grant', async () => {
      const res = await exchange(code);
      assert.equal(res.statusCode, 400);
      assert.deepEqual(res.json(), { error: 'invalid_grant' });
    });

    it('OV-05b reusing the code revoked the tokens it had given (B-O4)', async () => {
      assert.equal((await whoAmI(access)).statusCode, 401);
      const fresh = await exchange((await obtainCode(t, cookie, FULL)).code);
      access = fresh.json().access_token;
      refresh = fresh.json().refresh_token;
    });

    it('OV-06 the bearer calls the API as Jane', async () => {
      const res = await whoAmI(access);
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), { message: JANE.user });
    });

    it('OV-07 userinfo answers the profile claims', async () => {
      const res = await t.app.inject({
        url: `${OAUTH}openid_profile`,
        headers: { authorization: `Bearer ${access}` },
      });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.equal(body.name, 'Jane Doe');
      assert.equal(body.given_name, 'Jane');
      assert.equal(body.family_name, 'Doe');
      assert.equal(body.email, JANE.user);
      assert.equal(body.iss, SITE_URL);
      assert.match(body.sub, /^[0-9a-f]{39}$/);
      assert.ok(body.roles.includes('System Manager'));
    });

    it('OV-08 refresh rotates both tokens', async () => {
      const res = await postForm(t, 'get_token', {
        grant_type: 'refresh_token',
        refresh_token: refresh,
        client_id: CLIENT.id,
      });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.notEqual(body.access_token, access);
      assert.notEqual(body.refresh_token, refresh);
      assert.equal(body.expires_in, 3600);
      assert.equal(body.token_type, 'Bearer');
      assert.equal(body.scope, 'all openid');
      access2 = body.access_token;
      // B-O3: the old row is revoked by the rotation.
      assert.equal((await whoAmI(access)).statusCode, 401);
      assert.equal((await whoAmI(access2)).statusCode, 200);
    });

    it('OV-08b a replayed refresh token is refused and revokes the family (B-O3)', async () => {
      const replay = await postForm(t, 'get_token', {
        grant_type: 'refresh_token',
        refresh_token: refresh,
        client_id: CLIENT.id,
      });
      assert.equal(replay.statusCode, 400);
      assert.deepEqual(replay.json(), { error: 'invalid_grant' });
      assert.equal((await whoAmI(access2)).statusCode, 401);
      const fresh = await exchange((await obtainCode(t, cookie, FULL)).code);
      access2 = fresh.json().access_token;
    });

    it('OV-09 revoke answers {} and the token then gets 401 with a challenge', async () => {
      const res = await postForm(t, 'revoke_token', {
        token: access2,
        token_type_hint: 'access_token',
      });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.json(), {});
      const after = await whoAmI(access2);
      assert.equal(after.statusCode, 401);
      assert.equal(after.json().exc_type, 'AuthenticationError');
      assert.match(String(after.headers['www-authenticate']), /^Bearer /);
    });

    it('OV-10 introspect after revoke: inactive, with client and scope', async () => {
      const res = await postForm(t, 'introspect_token', { token: access2 });
      assert.equal(res.statusCode, 200);
      const body = res.json();
      assert.equal(body.client_id, CLIENT.id);
      assert.equal(body.trusted_client, 0);
      assert.equal(body.active, false);
      assert.equal(body.scope, 'all openid');
      assert.ok(Number.isInteger(body.exp));
      assert.equal(body.email, undefined, 'no user claims for an inactive token');
    });

    it('OV-11 a wrong PKCE verifier is invalid_grant', async () => {
      const res = await exchange((await obtainCode(t, cookie, FULL)).code, {
        code_verifier: 'wrong',
      });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(res.json(), { error: 'invalid_grant' });
    });

    it('OV-12 a missing verifier burns the code: a retry with V fails too', async () => {
      const { code: fresh } = await obtainCode(t, cookie, FULL);
      const missing = await postForm(t, 'get_token', {
        grant_type: 'authorization_code',
        code: fresh,
        redirect_uri: CLIENT.redirect,
        client_id: CLIENT.id,
      });
      assert.equal(missing.statusCode, 400);
      assert.deepEqual(missing.json(), { error: 'invalid_grant' });
      const retry = await exchange(fresh);
      assert.equal(retry.statusCode, 400);
      assert.deepEqual(retry.json(), { error: 'invalid_grant' });
    });

    it("OV-13 Frappe's own PKCE vector (verifier 420)", async () => {
      const { code: fresh } = await obtainCode(t, cookie, {
        code_challenge: '21XaP8MJjpxCMRxgEzBP82sZ73PRLqkyBUta1R309J0',
        code_challenge_method: 'S256',
      });
      const res = await exchange(fresh, { code_verifier: '420' });
      assert.equal(res.statusCode, 200, res.body);
    });

    it('OV-14 PKCE plain', async () => {
      const { code: fresh } = await obtainCode(t, cookie, {
        code_challenge: 'plainsecret123',
        code_challenge_method: 'plain',
      });
      const res = await exchange(fresh, { code_verifier: 'plainsecret123' });
      assert.equal(res.statusCode, 200, res.body);
    });

    it('OV-15 an unregistered redirect_uri is a JSON error, never a redirect', async () => {
      const res = await t.app.inject({
        url: `${OAUTH}authorize?client_id=${CLIENT.id}&response_type=code&redirect_uri=https%3A%2F%2Fevil.example%2Fcb`,
        headers: { cookie },
      });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(res.json(), {
        description: 'Mismatching redirect URI.',
        status_code: 400,
        error: 'invalid_request',
      });
      assert.equal(res.headers.location, undefined);
    });

    it('OV-16 an unknown client', async () => {
      const res = await t.app.inject({
        url: `${OAUTH}authorize?client_id=zzzzzzzzzz&response_type=code`,
        headers: { cookie },
      });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(res.json(), {
        description: 'Invalid client_id parameter value.',
        status_code: 400,
        error: 'invalid_request',
      });
    });

    it('OV-17 a scope the client lacks', async () => {
      const res = await t.app.inject({
        url: `${OAUTH}authorize?${authorizeQuery({ scope: 'all openid write' })}`,
        headers: { cookie },
      });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error, 'invalid_scope');
      assert.equal(res.json().status_code, 400);
    });

    it('OV-18 a trusted client skips consent', async () => {
      const trusted = await addClient(t, { skip_authorization: 1, app_name: 'Trusted' });
      const query = authorizeQuery({ ...FULL, client_id: trusted.name });
      const first = await t.app.inject({ url: `${OAUTH}authorize?${query}`, headers: { cookie } });
      assert.equal(first.statusCode, 302);
      const approveUrl = String(first.headers.location);
      assert.ok(approveUrl.startsWith(`${OAUTH}approve?`), approveUrl);
      const second = await t.app.inject({ url: approveUrl, headers: { cookie } });
      assert.equal(second.statusCode, 302);
      assert.match(
        String(second.headers.location),
        /^https:\/\/app\.example\.com\/callback\?code=[A-Za-z0-9]{30}&state=xyz123$/,
      );
    });

    it('OV-19 client_credentials and unknown grant types', async () => {
      const cc = await postForm(t, 'get_token', {
        grant_type: 'client_credentials',
        client_id: CLIENT.id,
      });
      assert.equal(cc.statusCode, 400);
      assert.deepEqual(cc.json(), { error: 'unauthorized_client' });
      const foo = await postForm(t, 'get_token', { grant_type: 'foo', client_id: CLIENT.id });
      assert.equal(foo.statusCode, 400);
      assert.deepEqual(foo.json(), { error: 'unsupported_grant_type' });
    });

    it('OV-20 password grant: tokens without id_token; a bad password is invalid_grant', async () => {
      const res = await postForm(t, 'get_token', {
        grant_type: 'password',
        username: JANE.user,
        password: JANE.pwd,
        client_id: CLIENT.id,
        scope: 'all',
      });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.equal(body.scope, 'all');
      assert.equal(body.expires_in, 3600);
      assert.equal(body.token_type, 'Bearer');
      assert.ok(body.refresh_token);
      assert.equal(body.id_token, undefined);
      const bad = await postForm(t, 'get_token', {
        grant_type: 'password',
        username: JANE.user,
        password: 'bad',
        client_id: CLIENT.id,
        scope: 'all',
      });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error, 'invalid_grant');
    });

    it('OV-21 implicit flow: the token in the fragment, no refresh token', async () => {
      const implicit = await addClient(t, {
        grant_type: 'Implicit',
        response_type: 'Token',
        skip_authorization: 1,
        scopes: 'all',
      });
      const first = await t.app.inject({
        url: `${OAUTH}authorize?client_id=${implicit.name}&response_type=token&scope=all&redirect_uri=${encodeURIComponent(CLIENT.redirect)}&state=s1`,
        headers: { cookie },
      });
      assert.equal(first.statusCode, 302);
      const second = await t.app.inject({
        url: String(first.headers.location),
        headers: { cookie },
      });
      assert.equal(second.statusCode, 302);
      const fragment = new URLSearchParams(new URL(String(second.headers.location)).hash.slice(1));
      assert.match(fragment.get('access_token') ?? '', /^[A-Za-z0-9]{30}$/);
      assert.equal(fragment.get('expires_in'), '3600');
      assert.equal(fragment.get('token_type'), 'Bearer');
      assert.equal(fragment.get('scope'), 'all');
      assert.equal(fragment.get('state'), 's1');
      assert.equal(fragment.get('refresh_token'), null);
    });

    it('OV-22 introspecting an unknown token', async () => {
      const res = await postForm(t, 'introspect_token', { token: 'doesnotexist' });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.json(), { active: false });
    });

    it('OV-23 revoke without a token is 400 {}', async () => {
      const res = await postForm(t, 'revoke_token', {});
      assert.equal(res.statusCode, 400);
      assert.deepEqual(res.json(), {});
    });

    it('OV-24 userinfo with a token lacking openid is 403 insufficient_scope', async () => {
      const res = await postForm(t, 'get_token', {
        grant_type: 'password',
        username: JANE.user,
        password: JANE.pwd,
        client_id: CLIENT.id,
        scope: 'all',
      });
      const profile = await t.app.inject({
        url: `${OAUTH}openid_profile`,
        headers: { authorization: `Bearer ${res.json().access_token}` },
      });
      assert.equal(profile.statusCode, 403);
      assert.equal(profile.json().error, 'insufficient_scope');
      assert.equal(profile.json().status_code, 403);
    });

    it('OV-25 Basic client credentials on the token endpoint', async () => {
      const basic = `Basic ${Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString('base64')}`;
      assert.equal(basic, 'Basic YTFiMmMzZDRlNTpmNmU1ZDRjM2Iy');
      const good = await postForm(
        t,
        'get_token',
        {
          grant_type: 'authorization_code',
          code: (await obtainCode(t, cookie, FULL)).code,
          redirect_uri: CLIENT.redirect,
          code_verifier: VERIFIER,
        },
        { authorization: basic },
      );
      assert.equal(good.statusCode, 200, good.body);
      const wrong = `Basic ${Buffer.from(`${CLIENT.id}:nope`).toString('base64')}`;
      const bad = await postForm(
        t,
        'get_token',
        {
          grant_type: 'authorization_code',
          code: (await obtainCode(t, cookie, FULL)).code,
          redirect_uri: CLIENT.redirect,
          code_verifier: VERIFIER,
        },
        { authorization: wrong },
      );
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(bad.json(), { error: 'invalid_client' });
    });

    it('OV-26 discovery on the v15 method and the well-known path', async () => {
      const method = await t.app.inject({ url: `${OAUTH}openid_configuration` });
      const known = await t.app.inject({ url: '/.well-known/openid-configuration' });
      assert.equal(method.statusCode, 200);
      assert.equal(known.statusCode, 200);
      assert.deepEqual(method.json(), known.json());
      const doc = method.json();
      assert.equal(doc.issuer, SITE_URL);
      assert.equal(doc.token_endpoint, `${SITE_URL}${OAUTH}get_token`);
      // Ours: RS256 with a JWKS instead of Frappe's HS256 (docs/spec/DECISIONS.md).
      assert.deepEqual(doc.id_token_signing_alg_values_supported, ['RS256']);
      assert.equal(doc.jwks_uri, `${SITE_URL}/.well-known/jwks.json`);
    });

    it('OV-27 authorization-server metadata, and 404 when switched off', async () => {
      const res = await t.app.inject({ url: '/.well-known/oauth-authorization-server' });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^application\/json/);
      const doc = res.json();
      assert.equal(doc.issuer, SITE_URL);
      assert.deepEqual(doc.code_challenge_methods_supported, ['S256']);
      assert.deepEqual(doc.grant_types_supported, ['authorization_code', 'refresh_token']);
      assert.equal(doc.registration_endpoint, undefined, 'DCR is off by default');
      await setOAuthSettings(t, { show_auth_server_metadata: '0' });
      const off = await t.app.inject({ url: '/.well-known/oauth-authorization-server' });
      assert.equal(off.statusCode, 404);
      await setOAuthSettings(t, {
        show_auth_server_metadata: '1',
        enable_dynamic_client_registration: '1',
      });
      const on = await t.app.inject({ url: '/.well-known/oauth-authorization-server' });
      assert.equal(on.json().registration_endpoint, `${SITE_URL}${OAUTH}register_client`);
    });

    it('OV-28 dynamic client registration (enabled above)', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: `${OAUTH}register_client`,
        payload: {
          client_name: 'CLI',
          redirect_uris: ['https://cli.example.com/cb'],
          token_endpoint_auth_method: 'none',
        },
      });
      assert.equal(res.statusCode, 201, res.body);
      const body = res.json();
      assert.equal(body.client_name, 'CLI');
      assert.deepEqual(body.redirect_uris, ['https://cli.example.com/cb']);
      assert.deepEqual(body.grant_types, ['authorization_code']);
      assert.deepEqual(body.response_types, ['code']);
      assert.equal(body.client_secret_expires_at, 0);
      assert.ok(body.client_id);
      assert.ok(Number.isInteger(body.client_id_issued_at));
      assert.equal('client_secret' in body, false);
      const empty = await t.app.inject({
        method: 'POST',
        url: `${OAUTH}register_client`,
        headers: { 'content-type': 'application/json' },
        payload: '{}',
      });
      assert.equal(empty.statusCode, 400);
      assert.deepEqual(empty.json(), {
        error: 'invalid_client_metadata',
        error_description: 'Request body is empty',
      });
    });

    it('OV-29 an unknown bearer is 401 with the resource-metadata challenge', async () => {
      const res = await whoAmI('nosuchtoken');
      assert.equal(res.statusCode, 401);
      assert.equal(res.json().exc_type, 'AuthenticationError');
      assert.equal(
        res.headers['www-authenticate'],
        `Bearer error="invalid_token", resource_metadata="${SITE_URL}/.well-known/oauth-protected-resource"`,
      );
      const doc = (await t.app.inject({ url: '/.well-known/oauth-protected-resource' })).json();
      assert.deepEqual(doc, {
        resource: SITE_URL,
        authorization_servers: [SITE_URL],
        bearer_methods_supported: ['header'],
      });
    });
  });
}

async function setOAuthSettings(t: AuthTestApp, values: Record<string, string>): Promise<void> {
  await t.site.db.transaction(async (uow) => {
    for (const [field, value] of Object.entries(values)) {
      await uow.db
        .deleteFrom('tabSingles')
        .where('doctype', '=', 'OAuth Settings')
        .where('field', '=', field)
        .execute();
      await uow.db
        .insertInto('tabSingles')
        .values({ doctype: 'OAuth Settings', field, value })
        .execute();
    }
  });
}
