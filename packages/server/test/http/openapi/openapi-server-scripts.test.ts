import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { deleteDoc, insertDoc, saveDoc, getDoc } from '../../../src/engine/document.js';
import { withContext } from '../../../src/engine/runtime/with-context.js';
import {
  closeScriptPool,
  forgetScriptsSwitch,
} from '../../../src/features/server-scripts/index.js';
import { buildTestApp, TEST_USER_HEADER, type TestApp } from '../../helpers/build-test-app.js';
import { DIALECTS } from '../../helpers/dialects.js';
import { secondProcess } from '../../helpers/second-process.js';
import { waitFor } from '../../helpers/wait-for.js';
import { assertValidOpenApi } from './openapi-validate.js';

type Doc = Record<string, any>;

const SWITCH = 'CORTADO_SERVER_SCRIPT_ENABLED';

/*
 * API Server Scripts answer `/api/method/<api_method>`, so the OpenAPI
 * document lists them: Guest-callable ones marked and shown to Guests, the
 * others to signed-in users only. Saving, disabling or deleting a script
 * shows in the document at once on this process and, through the script
 * map's short cache, on a second server process.
 */
for (const dialect of DIALECTS) {
  describe(`OpenAPI document: API Server Scripts (${dialect})`, () => {
    let t: TestApp;
    const saved = process.env[SWITCH];

    const script = (name: string, apiMethod: string, allowGuest: 0 | 1) =>
      withContext(t.site, 'Administrator', (ctx) =>
        insertDoc(ctx, {
          doctype: 'Server Script',
          name,
          script_type: 'API',
          api_method: apiMethod,
          allow_guest: allowGuest,
          script: 'frappe.response["message"] = "ok"',
        }),
      );
    const remove = (name: string) =>
      withContext(t.site, 'Administrator', (ctx) => deleteDoc(ctx, 'Server Script', name));

    async function documentFor(user: string): Promise<Doc> {
      const res = await t.app.inject({
        url: '/api/openapi.json',
        headers: { [TEST_USER_HEADER]: user },
      });
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    }

    before(async () => {
      process.env[SWITCH] = '1';
      forgetScriptsSwitch();
      t = await buildTestApp({
        dialect,
        name: `openapi-scripts-${dialect}-${process.pid}.localhost`,
        migrate: true,
      });
    });
    after(async () => {
      if (saved === undefined) delete process.env[SWITCH];
      else process.env[SWITCH] = saved;
      forgetScriptsSwitch();
      await t?.close();
      await closeScriptPool();
    });

    it('lists a saved script as a method path, Guest ones marked and shown to Guests', async () => {
      const before = await documentFor('Administrator');
      assert.equal(before.paths['/api/method/acme.hello'], undefined);
      await script('Hello for all', 'acme.hello', 1);
      await script('Private sum', 'acme.private_sum', 0);

      const admin = await documentFor('Administrator');
      await assertValidOpenApi(admin, 'Administrator with scripts');
      const hello = admin.paths['/api/method/acme.hello'];
      assert.ok(hello?.get && hello.post, Object.keys(admin.paths).join(', '));
      assert.equal(hello.post.summary, 'Server Script Hello for all');
      assert.deepEqual(hello.get.security[0], {}, 'Guests may call it');
      const sum = admin.paths['/api/method/acme.private_sum'];
      assert.ok(sum?.post);
      assert.equal(sum.post.security, undefined, 'the document-wide sign-in applies');
      assert.equal(sum.get.parameters[0].style, 'form', 'free-form arguments');

      const guest = await documentFor('Guest');
      await assertValidOpenApi(guest, 'Guest with scripts');
      assert.ok(guest.paths['/api/method/acme.hello']);
      assert.equal(guest.paths['/api/method/acme.private_sum'], undefined);
    });

    it('forgets a disabled or deleted script at once, and every script while scripts are off', async () => {
      await withContext(t.site, 'Administrator', async (ctx) => {
        const doc = await getDoc(ctx, 'Server Script', 'Private sum');
        await saveDoc(ctx, { ...doc, disabled: 1 });
      });
      assert.equal(
        (await documentFor('Administrator')).paths['/api/method/acme.private_sum'],
        undefined,
      );
      await remove('Private sum');

      process.env[SWITCH] = '0';
      forgetScriptsSwitch();
      try {
        const off = await documentFor('Administrator');
        assert.equal(off.paths['/api/method/acme.hello'], undefined, 'scripts switched off');
      } finally {
        process.env[SWITCH] = '1';
        forgetScriptsSwitch();
      }
      assert.ok((await documentFor('Administrator')).paths['/api/method/acme.hello']);
      await remove('Hello for all');
      assert.equal((await documentFor('Guest')).paths['/api/method/acme.hello'], undefined);
    });

    it("another server process's document follows a script saved and deleted here", async () => {
      const other = await secondProcess(t);
      try {
        const guestPaths = async (): Promise<Doc> => {
          const res = await fetch(`${other.url}/api/openapi.json`, {
            headers: { host: t.site.name },
          });
          assert.equal(res.status, 200);
          return ((await res.json()) as Doc).paths;
        };
        assert.equal((await guestPaths())['/api/method/acme.elsewhere'], undefined);
        await script('Elsewhere', 'acme.elsewhere', 1);
        await waitFor('the other process to list the new script', async () =>
          Boolean((await guestPaths())['/api/method/acme.elsewhere']),
        );
        await remove('Elsewhere');
        await waitFor(
          'the other process to drop the deleted script',
          async () => (await guestPaths())['/api/method/acme.elsewhere'] === undefined,
        );
      } finally {
        await other.stop();
      }
    });
  });
}
