import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { checkPasswordPolicy } from '../../../src/features/auth/password-policy.js';
import { DIALECTS } from '../../helpers/dialects.js';
import { buildAuthApp, JANE, type AuthTestApp } from '../auth/auth.fixtures.js';

/*
 * Finding 5: a password is compared byte for byte. The password followed
 * by a NUL (or any other extra character) is a wrong password, through a
 * JSON body, a form body and Basic credentials alike.
 */

const POLICY_OFF = { enablePasswordPolicy: false, minimumPasswordScore: 0 };
const NEAR_MISSES = ['\u0000', '\u0000x', ' ', '\t', '\u200b', '\uFEFF'];

for (const dialect of DIALECTS) {
  describe(`passwords are compared as exact bytes (${dialect})`, () => {
    let t: AuthTestApp;
    before(async () => {
      t = await buildAuthApp({ dialect, settings: { allow_consecutive_login_attempts: '100' } });
    });
    after(() => t.close());

    const login = (payload: string, contentType: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/method/login',
        headers: { 'content-type': contentType },
        payload,
      });

    for (const suffix of NEAR_MISSES) {
      it(`JSON: password + ${JSON.stringify(suffix)}`, async () => {
        const response = await login(
          JSON.stringify({ usr: JANE.user, pwd: JANE.pwd + suffix }),
          'application/json',
        );
        assert.notEqual(response.statusCode, 200, response.body);
        assert.ok(response.statusCode < 500, response.body);
      });

      it(`form: password + ${JSON.stringify(suffix)}`, async () => {
        const response = await login(
          new URLSearchParams({ usr: JANE.user, pwd: JANE.pwd + suffix }).toString(),
          'application/x-www-form-urlencoded',
        );
        assert.notEqual(response.statusCode, 200, response.body);
        assert.ok(response.statusCode < 500, response.body);
      });
    }

    it('a new password holding a NUL is refused', async () => {
      const response = await t.app.inject({
        method: 'PUT',
        url: `/api/resource/User/${encodeURIComponent(JANE.user)}`,
        headers: {
          'content-type': 'application/json',
          authorization: `token ${JANE.key}:${JANE.secret}`,
        },
        payload: JSON.stringify({ new_password: 'Str0ng-Enough-Pass\u0000' }),
      });
      assert.equal(response.statusCode, 417, response.body);
      assert.match(response.body, /ValidationError/);
      // Server code setting a password directly meets the same rule.
      await assert.rejects(
        () => checkPasswordPolicy('Str0ng-Enough-Pass\u0000', POLICY_OFF),
        /NUL character/,
      );
    });

    it('the exact password still logs in', async () => {
      const response = await login(
        JSON.stringify({ usr: JANE.user, pwd: JANE.pwd }),
        'application/json',
      );
      assert.equal(response.statusCode, 200, response.body);
    });
  });
}
