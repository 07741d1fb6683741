import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { runCommand } from '../../compat/run-command.js';
import { DIALECTS } from '../../helpers/dialects.js';
import { JANE, type AuthTestApp } from '../auth/auth.fixtures.js';
import { addClient, buildOAuthApp, listen } from './oauth.fixtures.js';
import { DEBIAN_PYTHON } from '../../helpers/debian-python.js';
import { sourceFile } from '../../helpers/source-tree.js';

/*
 * The seed's OAuth steps, written with `requests` as an integration would,
 * against a real listening server; only host, client and user are ours.
 */

const SCRIPT = fileURLToPath(new URL('./python/oauth_seed.py', sourceFile(import.meta.url)));
const REDIRECT = 'https://app.example.com/seed-callback';

for (const dialect of DIALECTS) {
  describe(`seed OAuth steps in Python (${dialect})`, () => {
    let t: AuthTestApp;
    let base: string;
    before(async () => {
      t = await buildOAuthApp(dialect, { issuerFromRequest: true });
      base = await listen(t);
    });
    after(async () => t?.close());

    it('authorize URL, code exchange without a secret, Bearer call, refresh', async () => {
      const client = await addClient(t, {
        redirect_uris: REDIRECT,
        default_redirect_uri: REDIRECT,
        legacy_unauthenticated_token_exchange: 1,
      });
      const result = await runCommand(DEBIAN_PYTHON, [SCRIPT], {
        CORTADO_URL: base,
        CORTADO_CLIENT_ID: client.name,
        CORTADO_REDIRECT_URI: REDIRECT,
        CORTADO_USER: JANE.user,
        CORTADO_PASSWORD: JANE.pwd,
      });
      assert.equal(result.code, 0, `${result.stderr}\n${result.stdout}`);
      assert.deepEqual(JSON.parse(result.stdout), {
        consent_status: 200,
        approve_status: 302,
        state: 'seed-state',
        token_status: 200,
        token_keys: [
          'access_token',
          'expires_in',
          'id_token',
          'refresh_token',
          'scope',
          'token_type',
        ],
        token_type: 'Bearer',
        expires_in: 3600,
        todos_status: 200,
        todos_is_list: true,
        user: JANE.user,
        refresh_status: 200,
        new_access_differs: true,
      });
    });
  });
}
