import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { OAuthError, OAuthSession, createPkcePair } from '../src/oauth.js';
import { json, startLoopback, type Loopback } from './loopback.js';

/*
 * The PKCE helper against a small loopback token endpoint that checks what
 * RFC 6749 and RFC 7636 require: the code, the redirect URI, the verifier
 * against the S256 challenge, rotation of refresh tokens, revocation.
 */

const REDIRECT = 'https://app.example.com/callback';

describe('@cortado/client OAuth PKCE helper', () => {
  let provider: Loopback;
  let challenge = '';
  let clock = 1_800_000_000_000;
  let issued = 0;
  const revoked: string[] = [];
  const tokenRequests: URLSearchParams[] = [];
  const session = () =>
    new OAuthSession({
      url: provider.url,
      clientId: 'client-1',
      redirectUri: REDIRECT,
      now: () => clock,
    });

  before(async () => {
    provider = await startLoopback();
  });
  after(async () => provider?.close());

  const serve = () =>
    provider.handle((request, response, _index, body) => {
      {
        const form = new URLSearchParams(body);
        if (request.url?.endsWith('.revoke_token')) {
          revoked.push(form.get('token') ?? '');
          return json(response, 200, {});
        }
        tokenRequests.push(form);
        const grant = form.get('grant_type');
        if (form.get('client_id') !== 'client-1')
          return json(response, 400, { error: 'invalid_client' });
        if (grant === 'authorization_code') {
          const expected = createHash('sha256')
            .update(form.get('code_verifier') ?? '')
            .digest('base64url');
          if (
            form.get('code') !== 'code-1' ||
            form.get('redirect_uri') !== REDIRECT ||
            expected !== challenge
          )
            return json(response, 400, {
              error: 'invalid_grant',
              error_description: 'PKCE check failed',
            });
        } else if (grant !== 'refresh_token' || form.get('refresh_token') !== `refresh-${issued}`) {
          return json(response, 400, { error: 'invalid_grant' });
        }
        issued++;
        json(response, 200, {
          access_token: `access-${issued}`,
          token_type: 'Bearer',
          expires_in: 3600,
          refresh_token: `refresh-${issued}`,
          scope: 'all openid',
        });
      }
    });

  it('creates RFC 7636 verifiers and S256 challenges', async () => {
    const { verifier, challenge: derived } = await createPkcePair();
    assert.match(verifier, /^[A-Za-z0-9\-._~]{43,128}$/);
    assert.equal(derived, createHash('sha256').update(verifier).digest('base64url'));
    assert.notEqual((await createPkcePair()).verifier, verifier);
  });

  it('authorization URL, code exchange, refresh before expiry, rotation, revoke', async () => {
    serve();
    const oauth = session();
    const start = await oauth.authorizationUrl();
    const url = new URL(start.url);
    assert.equal(url.pathname, '/api/method/frappe.integrations.oauth2.authorize');
    assert.equal(url.searchParams.get('response_type'), 'code');
    assert.equal(url.searchParams.get('client_id'), 'client-1');
    assert.equal(url.searchParams.get('redirect_uri'), REDIRECT);
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
    assert.equal(url.searchParams.get('state'), start.state);
    challenge = url.searchParams.get('code_challenge') ?? '';

    const forged = await assert.rejects(
      oauth.exchangeCode('code-1', start.verifier, { state: 'other', expectedState: start.state }),
      (error: unknown) => error instanceof OAuthError && error.error === 'invalid_state',
    );
    assert.equal(forged, undefined);
    assert.equal(tokenRequests.length, 0, 'a wrong state never reaches the token endpoint');

    const wrongVerifier = await oauth
      .exchangeCode('code-1', 'x'.repeat(43))
      .catch((error: unknown) => error);
    assert.ok(wrongVerifier instanceof OAuthError);
    assert.equal(wrongVerifier.error, 'invalid_grant');
    assert.equal(wrongVerifier.status, 400);

    const tokens = await oauth.exchangeCode('code-1', start.verifier, {
      state: start.state,
      expectedState: start.state,
    });
    assert.equal(tokens.access_token, 'access-1');
    assert.equal(tokens.expiresAt, clock + 3600_000);
    assert.equal(await oauth.accessToken(), 'access-1');

    clock += 3600_000 - 30_000; // within the 60 s skew: refreshed first
    const [a, b] = await Promise.all([oauth.accessToken(), oauth.accessToken()]);
    assert.deepEqual([a, b], ['access-2', 'access-2']);
    assert.equal(
      tokenRequests.filter((form) => form.get('grant_type') === 'refresh_token').length,
      1,
    );
    assert.equal(oauth.tokens?.refresh_token, 'refresh-2', 'the rotated refresh token is kept');

    await oauth.revoke();
    assert.deepEqual(revoked, ['refresh-2']);
    assert.equal(oauth.tokens, undefined);
    await assert.rejects(oauth.accessToken(), (error: unknown) => error instanceof OAuthError);
  });

  it('a refused refresh is an OAuthError', async () => {
    serve();
    const oauth = new OAuthSession(
      { url: provider.url, clientId: 'client-1', redirectUri: REDIRECT, now: () => clock },
      { access_token: 'old', token_type: 'Bearer', refresh_token: 'stolen', expiresAt: clock - 1 },
    );
    const error = await oauth.accessToken().catch((caught: unknown) => caught);
    assert.ok(error instanceof OAuthError);
    assert.equal(error.error, 'invalid_grant');
  });
});
