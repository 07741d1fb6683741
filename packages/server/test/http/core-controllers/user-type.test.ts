import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { insertDoc } from '../../../src/engine/document.js';
import { withContext } from '../../../src/engine/runtime/with-context.js';
import { runScenario, type ApiScenario } from '../../helpers/api-scenario.js';
import { buildTestApp, type TestApp } from '../../helpers/build-test-app.js';
import { DIALECTS } from '../../helpers/dialects.js';

/*
 * User's `user_type` follows its roles' desk access, as Frappe's
 * set_system_user: a System User when one role has desk access, else a
 * Website User (also without roles); Administrator and Guest keep theirs.
 * Changing a role's desk access, or disabling it, recomputes its users.
 */

const ADMIN = { 'x-test-user': 'Administrator' };
const USER_URL = '/api/resource/User';

const scenarios: ApiScenario[] = [
  {
    name: 'only roles without desk access make a Website User',
    method: 'POST',
    url: USER_URL,
    headers: ADMIN,
    body: { email: 'shopper@example.com', first_name: 'Shop', roles: [{ role: 'Customer' }] },
    status: 200,
    contains: [{ data: { user_type: 'Website User' } }],
  },
  {
    name: 'a role with desk access makes a System User, whatever was sent',
    method: 'POST',
    url: USER_URL,
    headers: ADMIN,
    body: {
      email: 'clerk@example.com',
      first_name: 'Clerk',
      user_type: 'Website User',
      roles: [{ role: 'Customer' }, { role: 'Desk Clerk' }],
    },
    status: 200,
    contains: [{ data: { user_type: 'System User' } }],
  },
  {
    name: 'a user without roles is a Website User, whatever was sent',
    method: 'POST',
    url: USER_URL,
    headers: ADMIN,
    body: { email: 'bare@example.com', first_name: 'Bare', user_type: 'System User' },
    status: 200,
    contains: [{ data: { user_type: 'Website User' } }],
  },
  {
    name: 'a role created without desk_access has it (Frappe default 1)',
    method: 'POST',
    url: USER_URL,
    headers: ADMIN,
    body: { email: 'plain@example.com', first_name: 'Plain', roles: [{ role: 'Plain Role' }] },
    status: 200,
    contains: [{ data: { user_type: 'System User' } }],
  },
  {
    name: 'losing the desk role makes them a Website User again',
    method: 'PUT',
    url: `${USER_URL}/clerk@example.com`,
    headers: ADMIN,
    body: { roles: [{ role: 'Customer' }] },
    status: 200,
    contains: [{ data: { user_type: 'Website User' } }],
  },
];

async function userType(app: TestApp, user: string): Promise<string> {
  const row = await app.site.db.kysely
    .selectFrom('tabUser')
    .select('user_type')
    .where('name', '=', user)
    .executeTakeFirstOrThrow();
  return String(row.user_type);
}

async function putRole(app: TestApp, role: string, body: Record<string, unknown>): Promise<void> {
  const response = await app.app.inject({
    method: 'PUT',
    url: `/api/resource/Role/${encodeURIComponent(role)}`,
    headers: ADMIN,
    payload: body,
  });
  assert.equal(response.statusCode, 200, response.body);
}

for (const dialect of DIALECTS) {
  describe(`user_type from roles' desk access on ${dialect}`, () => {
    let app: TestApp;
    before(async () => {
      app = await buildTestApp({ dialect, migrate: true });
      await withContext(app.site, 'Administrator', async (ctx) => {
        await insertDoc(ctx, { doctype: 'Role', role_name: 'Customer', desk_access: 0 });
        await insertDoc(ctx, { doctype: 'Role', role_name: 'Desk Clerk', desk_access: 1 });
      });
      await withContext(
        app.site,
        'Administrator',
        (ctx) => insertDoc(ctx, { doctype: 'Role', role_name: 'Plain Role' }),
        { flags: { inInstall: true } },
      );
    });
    after(() => app?.close());

    for (const scenario of scenarios)
      it(scenario.name, async () => void (await runScenario(app.app, scenario)));

    it('standard desk roles have desk access, Guest and All none', async () => {
      const rows = await app.site.db.kysely
        .selectFrom('tabRole')
        .select(['name', 'desk_access'])
        .where('name', 'in', ['System Manager', 'Administrator', 'Guest', 'All'])
        .orderBy('name')
        .execute();
      assert.deepEqual(
        rows.map((row) => [row.name, Number(row.desk_access)]),
        [
          ['Administrator', 1],
          ['All', 0],
          ['Guest', 0],
          ['System Manager', 1],
        ],
      );
    });

    it("a role's desk access change recomputes its users", async () => {
      await putRole(app, 'Customer', { desk_access: 1 });
      assert.equal(await userType(app, 'shopper@example.com'), 'System User');
      await putRole(app, 'Customer', { desk_access: 0 });
      assert.equal(await userType(app, 'shopper@example.com'), 'Website User');
    });

    it('disabling a role takes it from its users and recomputes them', async () => {
      assert.equal(await userType(app, 'plain@example.com'), 'System User');
      await putRole(app, 'Plain Role', { disabled: 1 });
      assert.equal(await userType(app, 'plain@example.com'), 'Website User');
    });
  });
}
