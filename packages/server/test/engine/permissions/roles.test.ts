import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Database } from '../../../src/platform/db/database.js';
import { getRoles } from '../../../src/engine/permissions/index.js';
import { createTestDatabase, DIALECTS } from '../../helpers/dialects.js';
import { seedProjectWorld } from './project-fixtures.js';

const CASES: [user: string, roles: string[]][] = [
  ['pu1', ['Projects User', 'All', 'Guest', 'Desk User']],
  // Has Role rows for automatic roles (All, Administrator) are ignored.
  ['mgr', ['Projects Manager', 'All', 'Guest', 'Desk User']],
  ['web', ['Customer', 'All', 'Guest']],
  ['disabled', ['Guest']],
  ['nobody@example.com', ['Guest']],
  ['Guest', ['Guest']],
  ['', ['Guest']],
];

for (const dialect of DIALECTS) {
  describe(`getRoles (${dialect})`, () => {
    let db: Database;
    let drop: () => Promise<void>;
    before(async () => {
      const testDb = await createTestDatabase(dialect);
      ({ db, drop } = testDb);
      await seedProjectWorld(db);
      await db.kysely
        .insertInto('tabUser')
        .values({ name: 'web', enabled: 1, user_type: 'Website User' })
        .execute();
      await db.kysely
        .insertInto('tabHas Role')
        .values({
          name: 'web-0',
          parent: 'web',
          parenttype: 'User',
          parentfield: 'roles',
          role: 'Customer',
          idx: 0,
        })
        .execute();
    });
    after(() => drop());

    for (const [user, roles] of CASES) {
      test(`roles of "${user}"`, () =>
        db.transaction(async (uow) => assert.deepEqual([...(await getRoles(uow, user))], roles)));
    }

    test('Administrator holds every Role record and the standard roles', () =>
      db.transaction(async (uow) => {
        const roles = await getRoles(uow, 'Administrator');
        for (const role of [
          'Projects Manager',
          'Reader',
          'Administrator',
          'System Manager',
          'All',
          'Guest',
        ]) {
          assert.ok(roles.has(role), role);
        }
      }));

    test('roles are read again by the next request', async () => {
      await db.transaction(async (uow) => assert.ok(!(await getRoles(uow, 'pu1')).has('Reader')));
      await db.kysely
        .insertInto('tabHas Role')
        .values({
          name: 'pu1-x',
          parent: 'pu1',
          parenttype: 'User',
          parentfield: 'roles',
          role: 'Reader',
          idx: 9,
        })
        .execute();
      await db.transaction(async (uow) => assert.ok((await getRoles(uow, 'pu1')).has('Reader')));
    });
  });
}
