import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { insertDoc } from '../../../src/engine/document.js';
import { withContext } from '../../../src/engine/runtime/with-context.js';
import { buildTestApp, TEST_USER_HEADER, type TestApp } from '../../helpers/build-test-app.js';
import { DIALECTS } from '../../helpers/dialects.js';

const USER = 'temp@example.com';

for (const dialect of DIALECTS) {
  describe(`roles (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildTestApp({ dialect, migrate: true });
      await withContext(
        t.site,
        'Administrator',
        async (ctx) => {
          await insertDoc(ctx, { doctype: 'Role', role_name: 'Temp Role' });
          await insertDoc(ctx, {
            doctype: 'User',
            email: USER,
            first_name: 'Temp',
            send_welcome_email: 0,
            roles: [{ role: 'Temp Role' }, { role: 'System Manager' }],
          });
        },
        { flags: { ignorePermissions: true } },
      );
    });
    after(() => t.close());

    const admin = { [TEST_USER_HEADER]: 'Administrator' };
    const request = (method: 'PUT' | 'DELETE', url: string, payload?: object) =>
      t.app.inject({ method, url, headers: admin, ...(payload ? { payload } : {}) });
    const heldRoles = async () =>
      (
        await t.site.db.kysely
          .selectFrom('tabHas Role')
          .select('role')
          .where('parent', '=', USER)
          .execute()
      )
        .map((row) => String(row.role))
        .sort();

    it('standard roles cannot be disabled or deleted', async () => {
      const disable = await request('PUT', '/api/resource/Role/System%20Manager', { disabled: 1 });
      assert.equal(disable.statusCode, 417, disable.body);
      assert.match(disable.body, /Standard roles cannot be disabled/);
      const remove = await request('DELETE', '/api/resource/Role/Guest');
      assert.equal(remove.statusCode, 417, remove.body);
      assert.deepEqual(await heldRoles(), ['System Manager', 'Temp Role']);
    });

    it('disabling a role takes it from every user', async () => {
      const res = await request('PUT', '/api/resource/Role/Temp%20Role', { disabled: 1 });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(await heldRoles(), ['System Manager']);
    });
  });
}
