import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/app.js';
import { createLogger } from '../../../src/core/logger.js';
import { deleteDoc, insertDoc } from '../../../src/engine/document.js';
import type { Site } from '../../../src/engine/site.js';
import { TEST_USER_HEADER, testAuthenticator } from '../../helpers/build-test-app.js';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../../helpers/dialects.js';
import { waitFor } from '../../helpers/wait-for.js';
import {
  asAdmin,
  docTypeDoc,
  migratedSite,
  otherProcess,
} from '../../engine/runtime/runtime-site.js';

const BOOK = '/api/resource/Book';

function appFor(site: Site): Promise<FastifyInstance> {
  return buildApp({
    sites: [site],
    logger: createLogger({ level: 'silent' }),
    authenticate: testAuthenticator,
  });
}

async function paths(app: FastifyInstance, user: string): Promise<Record<string, unknown>> {
  const res = await app.inject({ url: '/api/openapi.json', headers: { [TEST_USER_HEADER]: user } });
  assert.equal(res.statusCode, 200, res.body);
  return res.json().paths;
}

/*
 * Two "processes" on one database, each with its own site registry and
 * document cache: a DocType or permission change made through one shows in
 * the other's document once that process picks up the change (the meta
 * version), without a restart.
 */
for (const dialect of DIALECTS) {
  describe(`OpenAPI document cache across processes (${dialect})`, () => {
    let testDb: TestDatabase;
    let one: FastifyInstance;
    let two: FastifyInstance;
    let site: Site;
    let other: Site;

    before(async () => {
      testDb = await createTestDatabase(dialect);
      site = await migratedSite(testDb);
      other = await otherProcess(testDb);
      one = await appFor(site);
      two = await appFor(other);
      await asAdmin(site, (ctx) =>
        insertDoc(ctx, { doctype: 'User', email: 'reader@example.com', first_name: 'Reader' }),
      );
    });
    after(async () => {
      await one?.close();
      await two?.close();
      await other?.db.close();
      await testDb?.drop();
    });

    it('follows a DocType created, a permission added and a DocType deleted elsewhere', async () => {
      assert.equal((await paths(two, 'Administrator'))[BOOK], undefined);
      await asAdmin(site, (ctx) =>
        insertDoc(ctx, docTypeDoc('Book', [{ fieldname: 'title', fieldtype: 'Data' }])),
      );
      assert.ok((await paths(one, 'Administrator'))[BOOK], 'same process: at once');
      await waitFor('the other process to describe Book', async () =>
        Boolean((await paths(two, 'Administrator'))[BOOK]),
      );

      assert.equal((await paths(two, 'reader@example.com'))[BOOK], undefined);
      const add = await one.inject({
        method: 'POST',
        url: '/api/method/frappe.core.page.permission_manager.permission_manager.add',
        headers: { [TEST_USER_HEADER]: 'Administrator' },
        payload: { parent: 'Book', role: 'All', permlevel: 0 },
      });
      assert.equal(add.statusCode, 200, add.body);
      await waitFor('the other process to show Book to role All', async () =>
        Boolean((await paths(two, 'reader@example.com'))[BOOK]),
      );

      await asAdmin(site, (ctx) => deleteDoc(ctx, 'DocType', 'Book'));
      await waitFor('the other process to drop Book', async () =>
        (await paths(two, 'Administrator'))[BOOK] === undefined ? true : undefined,
      );
    });
  });
}
