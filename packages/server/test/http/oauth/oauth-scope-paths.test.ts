import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { clientSecretKey } from '../../../src/features/oauth/oauth-client.js';
import { getAuthValue } from '../../../src/platform/db/auth-table.js';
import { DIALECTS } from '../../helpers/dialects.js';
import { JANE, type AuthTestApp } from '../auth/auth.fixtures.js';
import {
  CLIENT,
  addClient,
  authorizeQuery,
  buildOAuthApp,
  passwordGrant,
} from './oauth.fixtures.js';

/*
 * Where a Bearer token scoped to `openid` alone may go (docs/oauth.md,
 * "Bearer tokens"): userinfo and the public documents, on every path form,
 * and nowhere else — whatever the query string, the path prefix or the
 * legacy `cmd` says. Jane is a System Manager, so every refusal here is the
 * scope's, not her roles'.
 */

const PREFIXES = ['/api/method/', '/api/v1/method/', '/api/v2/method/'];
const OAUTH_METHOD = 'frappe.integrations.oauth2.';
const json = { accept: 'application/json' };

for (const dialect of DIALECTS) {
  describe(`OAuth bearer scopes by route (${dialect})`, () => {
    let t: AuthTestApp;
    let openidOnly: string;
    let other: { name: string; secret: string };
    before(async () => {
      t = await buildOAuthApp(dialect);
      other = await addClient(t, { app_name: 'Other App' });
      const res = await passwordGrant(t, 'openid');
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().scope, 'openid');
      openidOnly = res.json().access_token;
    });
    after(async () => t?.close());

    const bearer = (token: string) => ({ ...json, authorization: `Bearer ${token}` });
    const assertInsufficient = (res: { statusCode: number; json(): any; body: string }) => {
      assert.equal(res.statusCode, 403, res.body);
      assert.equal(res.json().error, 'insufficient_scope');
    };

    it('a query string naming the OAuth methods does not widen the token', async () => {
      for (const url of [
        `/api/resource/ToDo?x=/${OAUTH_METHOD}`,
        `/api/resource/ToDo?filters=[]&x=/${OAUTH_METHOD}openid_profile`,
        `/api/method/frappe.auth.get_logged_user?x=/${OAUTH_METHOD}openid_profile`,
        `/api/v2/document/ToDo?x=/${OAUTH_METHOD}`,
        `/api/v2/method/frappe.auth.get_logged_user?next=/api/method/${OAUTH_METHOD}x`,
        `/?cmd=frappe.auth.get_logged_user&x=/${OAUTH_METHOD}openid_profile`,
      ]) {
        const res = await t.app.inject({ url, headers: bearer(openidOnly) });
        assertInsufficient(res);
      }
      const created = await t.app.inject({
        method: 'POST',
        url: `/api/resource/ToDo?x=/${OAUTH_METHOD}`,
        headers: bearer(openidOnly),
        payload: { description: 'must not be written' },
      });
      assertInsufficient(created);
      const rows = await t.site.db.kysely
        .selectFrom('tabToDo')
        .select('name')
        .where('description', '=', 'must not be written')
        .execute();
      assert.equal(rows.length, 0);
    });

    it('userinfo and the discovery documents answer it on every path form', async () => {
      for (const prefix of PREFIXES) {
        const profile = await t.app.inject({
          url: `${prefix}${OAUTH_METHOD}openid_profile`,
          headers: bearer(openidOnly),
        });
        assert.equal(profile.statusCode, 200, `${prefix}: ${profile.body}`);
        assert.equal(profile.json().email, JANE.user);
        const discovery = await t.app.inject({
          url: `${prefix}${OAUTH_METHOD}openid_configuration`,
          headers: bearer(openidOnly),
        });
        assert.equal(discovery.statusCode, 200, `${prefix}: ${discovery.body}`);
      }
      for (const url of ['/.well-known/openid-configuration', '/.well-known/jwks.json']) {
        const res = await t.app.inject({ url, headers: bearer(openidOnly) });
        assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
      }
    });

    it('generate_client_secret needs the all scope, on every path form and through cmd', async () => {
      const before = await getAuthValue(t.site.db.kysely, clientSecretKey(other.name));
      const attempts: Array<{ url: string; cmd?: string }> = [
        ...PREFIXES.map((prefix) => ({ url: `${prefix}${OAUTH_METHOD}generate_client_secret` })),
        { url: `/?cmd=${OAUTH_METHOD}generate_client_secret` },
        { url: '/', cmd: `${OAUTH_METHOD}generate_client_secret` },
      ];
      for (const { url, cmd } of attempts) {
        const res = await t.app.inject({
          method: 'POST',
          url,
          headers: bearer(openidOnly),
          payload: { client: other.name, ...(cmd === undefined ? {} : { cmd }) },
        });
        assertInsufficient(res);
        assert.equal(JSON.stringify(res.json()).includes('client_secret'), false);
      }
      const after = await getAuthValue(t.site.db.kysely, clientSecretKey(other.name));
      assert.equal(after, before, 'the secret was not replaced');
    });

    it('revoke_all_tokens needs the all scope; the refusal revokes nothing', async () => {
      for (const prefix of PREFIXES) {
        const res = await t.app.inject({
          method: 'POST',
          url: `${prefix}${OAUTH_METHOD}revoke_all_tokens`,
          headers: bearer(openidOnly),
          payload: { client: CLIENT.id },
        });
        assertInsufficient(res);
      }
      const still = await t.app.inject({
        url: `/api/method/${OAUTH_METHOD}openid_profile`,
        headers: bearer(openidOnly),
      });
      assert.equal(still.statusCode, 200, 'the token is still active');
    });

    it('authorize and approve need the all scope: a narrow token mints no wider code', async () => {
      const trusted = await addClient(t, { app_name: 'Trusted App', skip_authorization: 1 });
      const query = authorizeQuery({ client_id: trusted.name, scope: 'all openid' });
      for (const name of ['authorize', 'approve']) {
        const res = await t.app.inject({
          url: `/api/method/${OAUTH_METHOD}${name}?${query}`,
          headers: bearer(openidOnly),
        });
        assertInsufficient(res);
        assert.equal(res.headers.location, undefined);
      }
      const codes = await t.site.db.kysely
        .selectFrom('tabOAuth Authorization Code')
        .select('name')
        .where('client', '=', trusted.name)
        .execute();
      assert.equal(codes.length, 0);
    });

    it('a token with the all scope still reaches the whole API', async () => {
      const res = await passwordGrant(t, 'all');
      const full = res.json().access_token;
      const api = await t.app.inject({
        url: '/api/method/frappe.auth.get_logged_user',
        headers: bearer(full),
      });
      assert.equal(api.statusCode, 200, api.body);
      const cmd = await t.app.inject({
        url: '/?cmd=frappe.auth.get_logged_user',
        headers: bearer(full),
      });
      assert.equal(cmd.statusCode, 200, cmd.body);
    });
  });
}
