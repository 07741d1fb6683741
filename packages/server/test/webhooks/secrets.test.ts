import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ConfigError, ValidationError } from '../../src/core/errors/index.js';
import {
  deleteDoc,
  getDecryptedPassword,
  getDoc,
  insertDoc,
  renameDoc,
  updateDoc,
} from '../../src/engine/document.js';
import { AUTH_TABLE } from '../../src/platform/db/auth-table.js';
import { decryptPassword, encryptPassword } from '../../src/platform/crypto/password-cipher.js';
import { TEST_USER_HEADER } from '../helpers/build-test-app.js';
import { DIALECTS } from '../helpers/dialects.js';
import { createHarness, type Harness } from './webhook-harness.js';
import { DEBIAN_PYTHON } from '../helpers/debian-python.js';
import { sourceFile } from '../helpers/source-tree.js';

const VERIFY = join(dirname(fileURLToPath(sourceFile(import.meta.url))), 'verify_signature.py');

/** Every value of every row of every table, as text. */
async function dumpDatabase(h: Harness): Promise<string> {
  const kysely = h.site.db.kysely;
  const parts: string[] = [];
  for (const table of await kysely.introspection.getTables()) {
    const rows = await kysely.selectFrom(table.name).selectAll().execute();
    parts.push(
      `${table.name}\n${rows.map((row) => Object.values(row).map(String).join('\t')).join('\n')}`,
    );
  }
  return parts.join('\n');
}

test('the cipher round-trips, uses a fresh IV, and rejects a wrong key, tampering and a missing key', () => {
  const a = encryptPassword('key-1', 'whsec_test_123');
  const b = encryptPassword('key-1', 'whsec_test_123');
  assert.notEqual(a, b);
  assert.equal(decryptPassword('key-1', a), 'whsec_test_123');
  assert.equal(decryptPassword('key-1', encryptPassword('key-1', 'Ünïcødé ✓')), 'Ünïcødé ✓');
  assert.throws(() => decryptPassword('key-2', a), ValidationError);
  const raw = Buffer.from(a.slice(5), 'base64');
  raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 1;
  assert.throws(() => decryptPassword('key-1', `gcm1:${raw.toString('base64')}`), ValidationError);
  assert.throws(() => decryptPassword('key-1', 'plain text'), ValidationError);
  assert.throws(() => decryptPassword('key-1', 'gcm1:AAAA'), ValidationError);
  assert.throws(() => encryptPassword(null, 'x'), ConfigError);
  assert.throws(() => encryptPassword('', 'x'), ConfigError);
});

for (const dialect of DIALECTS) {
  describe(`Password fields on ${dialect}`, () => {
    let h: Harness;
    before(async () => {
      h = await createHarness(dialect);
    });
    after(() => h.close());

    test('the secret is nowhere in the database, reads return the mask, and signing verifies', async () => {
      const secret = `whsec_${dialect}_Zq8rT2`;
      const hook = await h.addWebhook({ enable_security: 1, webhook_secret: secret });
      assert.equal(hook['webhook_secret'], '*'.repeat(secret.length));
      await h.asAdmin((ctx) => insertDoc(ctx, { doctype: 'ToDo', description: 'signed' }));
      await h.settle();
      await h.asAdmin((ctx) => updateDoc(ctx, 'Webhook', String(hook.name), { timeout: 7 }));
      const dump = await dumpDatabase(h);
      assert.ok(dump.includes(AUTH_TABLE));
      assert.equal(dump.includes(secret), false, 'plain secret found in the database');
      const request = h.receiver.requests.at(-1);
      const signature = String(request?.headers['x-frappe-webhook-signature']);
      const verdict = execFileSync(DEBIAN_PYTHON, [VERIFY, secret, signature], {
        input: request?.body,
      });
      assert.equal(verdict.toString().trim(), 'valid');
      const res = await h.t.app.inject({
        url: `/api/resource/Webhook/${encodeURIComponent(String(hook.name))}`,
        headers: { [TEST_USER_HEADER]: 'Administrator' },
      });
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().data.webhook_secret, '*'.repeat(secret.length));
      assert.equal(res.body.includes(secret), false);
    });

    test('saving the mask back keeps the secret; a new value replaces it', async () => {
      const hook = await h.addWebhook({ enable_security: 1, webhook_secret: 'first-secret' });
      const name = String(hook.name);
      const read = (field = 'webhook_secret') =>
        h.asAdmin((ctx) => getDecryptedPassword(ctx, 'Webhook', name, field));
      await h.asAdmin((ctx) => updateDoc(ctx, 'Webhook', name, { webhook_secret: '************' }));
      assert.equal(await read(), 'first-secret');
      await h.asAdmin((ctx) => updateDoc(ctx, 'Webhook', name, { webhook_secret: 'second' }));
      assert.equal(await read(), 'second');
      const stored = await h.asAdmin((ctx) => getDoc(ctx, 'Webhook', name));
      assert.equal(stored['webhook_secret'], '******');
      assert.equal(await read('request_url'), null);
    });

    test('rename moves the secret; delete removes it', async () => {
      const hook = await h.addWebhook({ enable_security: 1, webhook_secret: 'moving' });
      const renamed = `${String(hook.name)}-renamed`;
      await h.asAdmin((ctx) =>
        renameDoc(ctx, 'Webhook', String(hook.name), renamed, { force: true }),
      );
      const secretOf = (name: string) =>
        h.asAdmin((ctx) => getDecryptedPassword(ctx, 'Webhook', name, 'webhook_secret'));
      assert.equal(await secretOf(String(hook.name)), null);
      assert.equal(await secretOf(renamed), 'moving');
      await h.asAdmin((ctx) => deleteDoc(ctx, 'Webhook', renamed));
      const left = await h.site.db.kysely
        .selectFrom(AUTH_TABLE)
        .selectAll()
        .where('doctype', '=', 'Webhook')
        .where('name', '=', renamed)
        .execute();
      assert.deepEqual(left, []);
    });

    test('a login password stays a one-way hash that cannot be read back', async () => {
      await h.asAdmin((ctx) =>
        insertDoc(ctx, {
          doctype: 'User',
          email: `pw-${dialect}@example.com`,
          first_name: 'Pw',
          new_password: 'Correct-Horse-42',
        }),
      );
      const user = `pw-${dialect}@example.com`;
      const value = await h.asAdmin((ctx) => getDecryptedPassword(ctx, 'User', user, 'password'));
      assert.equal(value, null);
      assert.equal((await dumpDatabase(h)).includes('Correct-Horse-42'), false);
    });
  });
}
