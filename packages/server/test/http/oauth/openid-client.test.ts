import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { DIALECTS } from '../../helpers/dialects.js';
import { JANE, type AuthTestApp } from '../auth/auth.fixtures.js';
import { addClient, buildOAuthApp, consentOverHttp, httpLogin, listen } from './oauth.fixtures.js';

/*
 * A certified relying party, openid-client, against a real listening
 * server: discovery, authorization code + PKCE (S256), id_token checked by
 * the client and again through the published JWKS, userinfo, refresh, an API
 * call with the access token, revocation, then 401.
 */

const REDIRECT = 'http://127.0.0.1:1/callback';
const insecure = { execute: [oidc.allowInsecureRequests] };

for (const dialect of DIALECTS) {
  describe(`openid-client relying party (${dialect})`, () => {
    let t: AuthTestApp;
    let base: string;
    let cookie: string;
    before(async () => {
      t = await buildOAuthApp(dialect, { issuerFromRequest: true });
      base = await listen(t);
      cookie = await httpLogin(base);
    });
    after(async () => t?.close());

    async function runFlow(config: oidc.Configuration) {
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: REDIRECT,
        scope: 'openid all',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      const callback = await consentOverHttp(base, cookie, url);
      return oidc.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: verifier,
        expectedState: state,
        expectedNonce: nonce,
        idTokenExpected: true,
      });
    }

    it('confidential client (client_secret_basic): the full life of a token', async () => {
      const client = await addClient(t, {
        redirect_uris: REDIRECT,
        default_redirect_uri: REDIRECT,
        token_endpoint_auth_method: 'Client Secret Basic',
      });
      assert.match(client.secret, /^[0-9a-f]{64}$/);
      const config = await oidc.discovery(
        new URL(base),
        client.name,
        undefined,
        oidc.ClientSecretBasic(client.secret),
        insecure,
      );
      const tokens = await runFlow(config);
      const claims = tokens.claims();
      assert.equal(claims?.email, JANE.user);
      assert.equal(claims?.iss, base);
      assert.equal(claims?.aud, client.name);

      const jwksUri = config.serverMetadata().jwks_uri;
      assert.ok(jwksUri);
      const verified = await jwtVerify(
        tokens.id_token ?? '',
        createRemoteJWKSet(new URL(jwksUri)),
        {
          issuer: base,
          audience: client.name,
          algorithms: ['RS256'],
        },
      );
      assert.equal(verified.payload.sub, claims?.sub);

      const info = await oidc.fetchUserInfo(config, tokens.access_token, String(claims?.sub));
      assert.equal(info.email, JANE.user);

      const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token ?? '');
      assert.notEqual(refreshed.access_token, tokens.access_token);
      const api = new URL(`${base}/api/method/frappe.auth.get_logged_user`);
      const who = await oidc.fetchProtectedResource(config, refreshed.access_token, api, 'GET');
      assert.equal(who.status, 200);
      assert.deepEqual(await who.json(), { message: JANE.user });

      await oidc.tokenRevocation(config, refreshed.access_token, {
        token_type_hint: 'access_token',
      });
      const after = await fetch(api, {
        headers: { authorization: `Bearer ${refreshed.access_token}`, accept: 'application/json' },
      });
      assert.equal(after.status, 401);
      assert.match(after.headers.get('www-authenticate') ?? '', /^Bearer /);
      assert.equal(((await after.json()) as { exc_type: string }).exc_type, 'AuthenticationError');
    });

    it('public client (none + PKCE S256): code flow and refresh; a wrong secret never passes', async () => {
      const client = await addClient(t, {
        redirect_uris: REDIRECT,
        default_redirect_uri: REDIRECT,
        token_endpoint_auth_method: 'None',
      });
      assert.equal(client.secret, '', 'public clients get no secret');
      const config = await oidc.discovery(
        new URL(base),
        client.name,
        undefined,
        oidc.None(),
        insecure,
      );
      const tokens = await runFlow(config);
      assert.ok(tokens.id_token);
      const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token ?? '');
      assert.ok(refreshed.access_token);
      const wrong = await oidc.discovery(
        new URL(base),
        client.name,
        undefined,
        oidc.ClientSecretPost('guess'),
        insecure,
      );
      await assert.rejects(
        oidc.refreshTokenGrant(wrong, refreshed.refresh_token ?? ''),
        (error) => {
          assert.equal((error as { error?: string }).error, 'invalid_client');
          return true;
        },
      );
    });
  });
}
