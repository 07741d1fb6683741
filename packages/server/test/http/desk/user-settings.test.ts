import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../helpers/build-test-app.js';
import { DIALECTS } from '../../helpers/dialects.js';

/*
 * `frappe.model.utils.user_settings.save` / `.get` and the `user_settings`
 * that `getdoctype` carries: per user, per DocType, JSON merged by top-level
 * key, the last write winning; and what bad input gets.
 */

const PATH = '/api/method/frappe.model.utils.user_settings';
const JANE = { 'x-test-user': 'jane@example.com' };
const JOHN = { 'x-test-user': 'john@example.com' };
const ADMIN = { 'x-test-user': 'Administrator' };

for (const dialect of DIALECTS) {
  describe(`user settings on ${dialect}`, () => {
    let t: TestApp;
    before(async () => (t = await buildTestApp({ dialect, migrate: true })));
    after(() => t?.close());

    const save = (headers: Record<string, string>, doctype: string, settings: unknown) =>
      t.app.inject({
        method: 'POST',
        url: `${PATH}.save`,
        headers,
        payload: { doctype, user_settings: JSON.stringify(settings) },
      });
    const get = async (headers: Record<string, string>, doctype: string) => {
      const res = await t.app.inject({
        url: `${PATH}.get?doctype=${encodeURIComponent(doctype)}`,
        headers,
      });
      assert.equal(res.statusCode, 200, res.body);
      const message = (res.json() as { message: unknown }).message;
      assert.equal(typeof message, 'string', 'get answers JSON text, as Frappe does');
      return JSON.parse(message as string) as Record<string, unknown>;
    };

    it('answers "{}" before anything was saved', async () => {
      assert.deepEqual(await get(JANE, 'User'), {});
    });

    it('saves, merges top-level keys and answers the merged object', async () => {
      const first = await save(JANE, 'User', { List: { column_widths: { name: 200 } } });
      assert.equal(first.statusCode, 200, first.body);
      assert.deepEqual(first.json(), { message: { List: { column_widths: { name: 200 } } } });
      const second = await save(JANE, 'User', { last_view: 'List' });
      assert.deepEqual(second.json(), {
        message: { List: { column_widths: { name: 200 } }, last_view: 'List' },
      });
      assert.deepEqual(await get(JANE, 'User'), {
        List: { column_widths: { name: 200 } },
        last_view: 'List',
      });
    });

    it('lets the last write of a key win', async () => {
      await save(JANE, 'User', { List: { column_widths: { name: 320 } } });
      assert.deepEqual((await get(JANE, 'User'))['List'], { column_widths: { name: 320 } });
    });

    it('keeps each user and each DocType apart', async () => {
      await save(JOHN, 'User', { List: { column_widths: { email: 90 } } });
      await save(JANE, 'Role', { last_view: 'Report' });
      assert.deepEqual((await get(JANE, 'User'))['List'], { column_widths: { name: 320 } });
      assert.deepEqual(await get(JOHN, 'User'), { List: { column_widths: { email: 90 } } });
      assert.deepEqual(await get(JANE, 'Role'), { last_view: 'Report' });
      assert.deepEqual(await get(JOHN, 'Role'), {});
    });

    it('loses no key when saves race each other', async () => {
      const keys = Array.from({ length: 8 }, (_, i) => `key_${i}`);
      const replies = await Promise.all(keys.map((key) => save(JOHN, 'Role', { [key]: 1 })));
      for (const reply of replies) assert.equal(reply.statusCode, 200, reply.body);
      const stored = await get(JOHN, 'Role');
      for (const key of keys) assert.equal(stored[key], 1, key);
    });

    it('hands the settings to the form loader as user_settings', async () => {
      await save(ADMIN, 'User', { List: { column_widths: { name: 320 } } });
      const res = await t.app.inject({
        url: '/api/method/frappe.desk.form.load.getdoctype?doctype=User',
        headers: ADMIN,
      });
      assert.equal(res.statusCode, 200, res.body);
      const settings = JSON.parse((res.json() as { user_settings: string }).user_settings);
      assert.deepEqual(settings['List'], { column_widths: { name: 320 } });
    });

    it('refuses an unknown DocType, bad JSON, a non-object and an oversized object', async () => {
      const unknown = await save(JANE, 'No Such DocType', { a: 1 });
      assert.equal(unknown.statusCode, 404);
      assert.equal(unknown.json().exc_type, 'DoesNotExistError');
      const getUnknown = await t.app.inject({ url: `${PATH}.get?doctype=Nope`, headers: JANE });
      assert.equal(getUnknown.statusCode, 404);
      for (const user_settings of ['{not json', '[1, 2]', '"text"']) {
        const res = await t.app.inject({
          method: 'POST',
          url: `${PATH}.save`,
          headers: JANE,
          payload: { doctype: 'User', user_settings },
        });
        assert.equal(res.statusCode, 417, `${user_settings}: ${res.body}`);
        assert.equal(res.json().exc_type, 'ValidationError');
      }
      const huge = await save(JANE, 'User', { blob: 'x'.repeat(70_000) });
      assert.equal(huge.statusCode, 417, huge.body);
      const missing = await t.app.inject({
        method: 'POST',
        url: `${PATH}.save`,
        headers: JANE,
        payload: { user_settings: '{}' },
      });
      assert.equal(missing.statusCode, 417);
      // Nothing of the refused saves was written.
      assert.deepEqual((await get(JANE, 'User'))['blob'], undefined);
    });

    it('refuses Guest, and a save over GET', async () => {
      const guest = await t.app.inject({ url: `${PATH}.get?doctype=User` });
      assert.equal(guest.statusCode, 403);
      const guestSave = await save({}, 'User', { a: 1 });
      assert.equal(guestSave.statusCode, 403);
      const overGet = await t.app.inject({
        url: `${PATH}.save?doctype=User&user_settings=${encodeURIComponent('{"a":1}')}`,
        headers: JANE,
      });
      assert.ok(overGet.statusCode >= 400 && overGet.statusCode < 500, String(overGet.statusCode));
      assert.equal((await get(JANE, 'User'))['a'], undefined);
    });
  });
}
