import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '@cortado/server/test/helpers/dialects.js';
import { JANE, type AuthTestApp } from '@cortado/server/test/http/auth/auth.fixtures.js';
import {
  addClient,
  buildOAuthApp,
  consentOverHttp,
  httpLogin,
  listen,
} from '@cortado/server/test/http/oauth/oauth.fixtures.js';
import { AuthenticationError, CortadoClient, OAuthError, OAuthSession } from '../src/index.js';

/*
 * The PKCE helper against Cortado's own OAuth provider on a real listening
 * server: the user approves over HTTP with a session, the helper exchanges
 * the code, a Bearer client works with the access token, the helper
 * refreshes before expiry, and after revoke the client gets a typed 401.
 */

const REDIRECT = 'http://127.0.0.1:1/callback';

interface ToDo {
  name: string;
  description: string;
  status?: 'Open' | 'Closed' | 'Cancelled';
}

for (const dialect of DIALECTS) {
  describe(`@cortado/client OAuth against Cortado's provider (${dialect})`, () => {
    let t: AuthTestApp;
    let base: string;
    let cookie: string;
    let clientId: string;
    let clock = Date.now();
    const session = () =>
      new OAuthSession({ url: base, clientId, redirectUri: REDIRECT, now: () => clock });

    before(async () => {
      t = await buildOAuthApp(dialect, { issuerFromRequest: true });
      base = await listen(t);
      cookie = await httpLogin(base);
      clientId = (
        await addClient(t, {
          redirect_uris: REDIRECT,
          default_redirect_uri: REDIRECT,
          token_endpoint_auth_method: 'None',
        })
      ).name;
    });
    after(async () => t?.close());

    async function approve(oauth: OAuthSession) {
      const start = await oauth.authorizationUrl();
      const callback = await consentOverHttp(base, cookie, new URL(start.url));
      return { start, callback };
    }

    it('code exchange, Bearer getDoc/getList, refresh before expiry, revoke → 401', async () => {
      const oauth = session();
      const { start, callback } = await approve(oauth);
      assert.equal(callback.searchParams.get('state'), start.state);
      const tokens = await oauth.exchangeCode(
        callback.searchParams.get('code') ?? '',
        start.verifier,
        {
          state: callback.searchParams.get('state'),
          expectedState: start.state,
        },
      );
      assert.equal(tokens.token_type, 'Bearer');
      assert.ok(tokens.refresh_token);
      assert.ok(tokens.expiresAt !== undefined && tokens.expiresAt > clock);

      const erp = new CortadoClient<{ ToDo: ToDo }>({
        url: base,
        auth: { type: 'bearer', token: () => oauth.accessToken() },
      });
      assert.equal(await erp.getLoggedUser(), JANE.user);
      const created = await erp.insert('ToDo', { description: 'Call the bank' });
      const read = await erp.getDoc('ToDo', created.name);
      assert.equal(read.description, 'Call the bank');
      assert.equal(read['owner' as keyof ToDo], JANE.user);
      const rows = await erp.getList('ToDo', {
        fields: ['name', 'description'],
        filters: [['name', '=', created.name]],
      });
      assert.deepEqual(rows, [{ name: created.name, description: 'Call the bank' }]);

      const first = tokens.access_token;
      clock = (tokens.expiresAt ?? clock) - 30_000; // inside the 60 s skew
      assert.equal(await erp.getLoggedUser(), JANE.user);
      const refreshed = oauth.tokens;
      assert.ok(refreshed);
      assert.notEqual(refreshed.access_token, first, 'refreshed before the request');
      assert.ok((refreshed.expiresAt ?? 0) > clock);

      const stale = new CortadoClient({ url: base, auth: { type: 'bearer', token: first } });
      // Refresh tokens rotate and each refresh revokes the old pair.
      const superseded = await stale.getLoggedUser().catch((error: unknown) => error);
      assert.ok(superseded instanceof AuthenticationError, String(superseded));

      const held = refreshed.access_token;
      await oauth.revoke();
      assert.equal(oauth.tokens, undefined);
      const revoked = new CortadoClient<{ ToDo: ToDo }>({
        url: base,
        auth: { type: 'bearer', token: held },
      });
      const error = await revoked.getDoc('ToDo', created.name).catch((caught: unknown) => caught);
      assert.ok(error instanceof AuthenticationError, String(error));
      assert.equal(error.status, 401);
      const listed = await revoked.getList('ToDo').catch((caught: unknown) => caught);
      assert.ok(listed instanceof AuthenticationError);
      await assert.rejects(oauth.accessToken(), OAuthError);
    });

    it('a used code, a wrong verifier and a revoked refresh token are OAuthErrors', async () => {
      const oauth = session();
      const { start, callback } = await approve(oauth);
      const code = callback.searchParams.get('code') ?? '';
      const wrong = await oauth
        .exchangeCode(
          code,
          start.verifier.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
        )
        .catch((error: unknown) => error);
      assert.ok(wrong instanceof OAuthError, String(wrong));
      assert.equal(wrong.error, 'invalid_grant');
      assert.equal(wrong.status, 400);

      const second = await approve(oauth);
      const tokens = await oauth.exchangeCode(
        second.callback.searchParams.get('code') ?? '',
        second.start.verifier,
      );
      const replay = await oauth
        .exchangeCode(second.callback.searchParams.get('code') ?? '', second.start.verifier)
        .catch((error: unknown) => error);
      assert.ok(replay instanceof OAuthError);
      assert.equal(replay.error, 'invalid_grant');

      const other = new OAuthSession(
        { url: base, clientId, redirectUri: REDIRECT, now: () => clock },
        tokens,
      );
      await other.revoke();
      const refused = await oauth.refresh().catch((error: unknown) => error);
      assert.ok(refused instanceof OAuthError);
      assert.equal(refused.error, 'invalid_grant');
    });
  });
}
