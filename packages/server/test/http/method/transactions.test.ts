import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runScenario } from '../../helpers/api-scenario.js';
import { buildTestApp, type TestApp } from '../../helpers/build-test-app.js';
import { DIALECTS } from '../../helpers/dialects.js';
import { methodTestApp, PROBE_TABLE } from './method.fixtures.js';

for (const dialect of DIALECTS) {
  describe(`RPC transactions on ${dialect}`, () => {
    let t: TestApp;
    const stored = async (name: string) =>
      (
        await t.site.db.kysely
          .selectFrom(PROBE_TABLE)
          .select('name')
          .where('name', '=', name)
          .execute()
      ).length;

    before(async () => {
      t = await buildTestApp({ dialect, apps: [methodTestApp] });
      await t.site.db.kysely.schema
        .createTable(PROBE_TABLE)
        .addColumn('name', 'varchar(140)', (c) => c.primaryKey())
        .execute();
    });
    after(() => t.close());

    it('commits a POST method', async () => {
      await runScenario(t.app, {
        name: 'post write',
        method: 'POST',
        url: '/api/method/method_test.api.write',
        body: { value: 'p1' },
        status: 200,
      });
      assert.equal(await stored('p1'), 1);
    });

    it('rolls back a POST method that writes then throws', async () => {
      await runScenario(t.app, {
        name: 'post fail',
        method: 'POST',
        url: '/api/method/method_test.api.write_then_fail',
        body: { value: 'p2' },
        status: 417,
      });
      assert.equal(await stored('p2'), 0);
    });

    // The SQLite unit of work still commits read-only work; GET must roll back (docs/spec/api-rest-rpc.md §7).
    it('never commits writes made during GET', async () => {
      const res = await t.app.inject({ url: '/api/method/method_test.api.write?value=g1' });
      assert.ok(
        res.statusCode < 500 || res.json<{ exc_type: string }>().exc_type !== undefined,
        res.body,
      );
      assert.equal(await stored('g1'), 0);
    });
  });
}
