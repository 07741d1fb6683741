import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DocTypeJson } from '@cortado/protocol';
import type { AppDefinition } from '../../../src/engine/runtime/app-definition.js';
import { runScenario } from '../../helpers/api-scenario.js';
import { buildTestApp, type TestApp } from '../../helpers/build-test-app.js';
import { DIALECTS } from '../../helpers/dialects.js';

/*
 * Tree DocTypes keep Frappe's nested set: nodes inserted, moved and deleted
 * over HTTP stay inside their ancestors' lft/rgt, so `descendants of` sees
 * them at once.
 */

const ADMIN = { 'x-test-user': 'Administrator' };

const TREE_APP: AppDefinition = {
  name: 'tree_tests',
  version: '0.0.1',
  doctypes: [
    {
      doctype: 'DocType',
      name: 'Sales Region',
      module: 'Tree Tests',
      autoname: 'field:region_name',
      is_tree: 1,
      nsm_parent_field: 'parent_sales_region',
      fields: [
        { fieldname: 'region_name', fieldtype: 'Data', reqd: 1, unique: 1 },
        { fieldname: 'parent_sales_region', fieldtype: 'Link', options: 'Sales Region' },
        { fieldname: 'is_group', fieldtype: 'Check' },
        { fieldname: 'lft', fieldtype: 'Int', read_only: 1 },
        { fieldname: 'rgt', fieldtype: 'Int', read_only: 1 },
        { fieldname: 'old_parent', fieldtype: 'Link', options: 'Sales Region', read_only: 1 },
      ],
      permissions: [{ role: 'System Manager', read: 1, write: 1, create: 1, delete: 1 }],
    } as DocTypeJson,
  ],
};

const URL = '/api/resource/Sales%20Region';

for (const dialect of DIALECTS) {
  describe(`nested set over HTTP on ${dialect}`, () => {
    let app: TestApp;
    before(async () => {
      app = await buildTestApp({ dialect, apps: [TREE_APP], migrate: true });
    });
    after(() => app?.close());

    const send = (method: 'POST' | 'PUT' | 'DELETE', url: string, body: unknown, status = 200) =>
      runScenario(app.app, {
        name: `${method} ${url}`,
        method,
        url,
        headers: ADMIN,
        ...(body === undefined ? {} : { body }),
        status,
      });
    const add = (name: string, parent?: string) =>
      send('POST', URL, {
        region_name: name,
        is_group: 1,
        lft: 999,
        rgt: 1000,
        ...(parent === undefined ? {} : { parent_sales_region: parent }),
      });
    const descendants = async (node: string) => {
      const query = new URLSearchParams({
        filters: JSON.stringify([['name', 'descendants of', node]]),
        order_by: 'name asc',
        limit_page_length: '0',
      });
      const response = await app.app.inject({ url: `${URL}?${query}`, headers: ADMIN });
      assert.equal(response.statusCode, 200, response.body);
      return (response.json() as { data: { name: string }[] }).data.map((row) => row.name);
    };
    /** Every node strictly inside its parent, siblings disjoint, positions 1..2n used once. */
    const assertWellFormed = async () => {
      const response = await app.app.inject({
        url: `${URL}?${new URLSearchParams({ fields: JSON.stringify(['name', 'lft', 'rgt', 'parent_sales_region']), limit_page_length: '0' })}`,
        headers: ADMIN,
      });
      const rows = (
        response.json() as {
          data: { name: string; lft: number; rgt: number; parent_sales_region?: string }[];
        }
      ).data;
      const positions = rows.flatMap((row) => [row.lft, row.rgt]).sort((a, b) => a - b);
      assert.deepEqual(
        positions,
        Array.from({ length: rows.length * 2 }, (_, i) => i + 1),
      );
      for (const row of rows) {
        const parent = rows.find((other) => other.name === row.parent_sales_region);
        if (parent) assert.ok(parent.lft < row.lft && row.rgt < parent.rgt, row.name);
      }
    };

    it('new nodes are placed inside their parent, whatever lft/rgt the client sent', async () => {
      await add('World');
      await add('Europe', 'World');
      await add('France', 'Europe');
      const asia = await add('Asia', 'World');
      await add('Japan', 'Asia');
      assert.notEqual((asia.json() as { data: { lft: number } }).data.lft, 999);
      assert.deepEqual(await descendants('World'), ['Asia', 'Europe', 'France', 'Japan']);
      assert.deepEqual(await descendants('Europe'), ['France']);
      await assertWellFormed();
    });

    it('a second root goes after the first', async () => {
      await add('Moon');
      assert.deepEqual(await descendants('Moon'), []);
      await assertWellFormed();
    });

    it('changing the parent moves the whole subtree', async () => {
      await send('PUT', `${URL}/Europe`, { parent_sales_region: 'Asia' });
      assert.deepEqual(await descendants('Asia'), ['Europe', 'France', 'Japan']);
      await assertWellFormed();
      await send('PUT', `${URL}/Asia`, { parent_sales_region: 'Moon' });
      assert.deepEqual(await descendants('Moon'), ['Asia', 'Europe', 'France', 'Japan']);
      assert.deepEqual(await descendants('World'), []);
      await assertWellFormed();
      await send('PUT', `${URL}/Europe`, { parent_sales_region: '' });
      assert.deepEqual(await descendants('Europe'), ['France']);
      assert.deepEqual(await descendants('Moon'), ['Asia', 'Japan']);
      await assertWellFormed();
    });

    it('a node cannot move under its own descendant', async () => {
      const response = await send('PUT', `${URL}/Moon`, { parent_sales_region: 'Japan' }, 417);
      assert.match(response.body, /own descendants/);
      assert.deepEqual(await descendants('Moon'), ['Asia', 'Japan']);
      await assertWellFormed();
    });

    it('a node with children cannot be deleted; a leaf can', async () => {
      const refused = await send('DELETE', `${URL}/Asia`, undefined, 417);
      assert.match(refused.body, /child nodes/);
      await send('DELETE', `${URL}/Japan`, undefined, 202);
      assert.deepEqual(await descendants('Moon'), ['Asia']);
      await assertWellFormed();
    });

    it('lft and rgt sent on a save are ignored', async () => {
      await send('PUT', `${URL}/France`, { lft: 1, rgt: 500 });
      await assertWellFormed();
    });
  });
}
