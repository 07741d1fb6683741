import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { insertDoc, updateDoc } from '../../src/engine/document.js';
import { DIALECTS } from '../helpers/dialects.js';
import { createHarness, type Harness } from './webhook-harness.js';
import { DEBIAN_PYTHON } from '../helpers/debian-python.js';
import { sourceFile } from '../helpers/source-tree.js';

const VERIFY = join(dirname(fileURLToPath(sourceFile(import.meta.url))), 'verify_signature.py');

function pythonVerifies(secret: string, body: Buffer, signature: string): boolean {
  return (
    execFileSync(DEBIAN_PYTHON, [VERIFY, secret, signature], { input: body }).toString().trim() ===
    'valid'
  );
}

for (const dialect of DIALECTS) {
  describe(`webhooks on ${dialect}`, () => {
    let h: Harness;
    before(async () => {
      h = await createHarness(dialect);
    });
    after(() => h.close());

    const addTodo = (description: string) =>
      h.asAdmin((ctx) => insertDoc(ctx, { doctype: 'ToDo', description }));
    const bodiesFor = (query: string) => h.receiver.requests.filter((r) => r.path.endsWith(query));
    const reset = async () => {
      await h.settle();
      h.receiver.requests.length = 0;
      await h.site.db.kysely.updateTable('tabWebhook').set({ enabled: 0 }).execute();
    };

    test('each event fires exactly when Frappe fires it; on_change never on insert', async () => {
      await reset();
      for (const event of ['after_insert', 'on_update', 'on_change']) {
        await h.addWebhook({
          webhook_docevent: event,
          request_url: `${h.receiver.url}?e=${event}`,
        });
      }
      const todo = await addTodo('events');
      await h.settle();
      assert.equal(bodiesFor('e=after_insert').length, 1);
      assert.equal(bodiesFor('e=on_update').length, 1);
      assert.equal(bodiesFor('e=on_change').length, 0);
      await h.asAdmin((ctx) =>
        updateDoc(ctx, 'ToDo', String(todo.name), { description: 'changed' }),
      );
      await h.settle();
      assert.equal(bodiesFor('e=after_insert').length, 1);
      assert.equal(bodiesFor('e=on_update').length, 2);
      assert.equal(bodiesFor('e=on_change').length, 1);
      const event = bodiesFor('e=on_change')[0]?.headers['x-cortado-webhook-event'];
      assert.equal(event, 'ToDo:on_change');
    });

    test('one delivery per (webhook, document, event) per transaction, with the committed state', async () => {
      await reset();
      await h.addWebhook({ webhook_docevent: 'on_update' });
      await h.asAdmin(async (ctx) => {
        const todo = await insertDoc(ctx, { doctype: 'ToDo', description: 'A' });
        await updateDoc(ctx, 'ToDo', String(todo.name), { description: 'B' });
        await updateDoc(ctx, 'ToDo', String(todo.name), { description: 'C' });
      });
      await h.settle();
      assert.equal(h.receiver.requests.length, 1);
      const body = JSON.parse(h.receiver.requests[0]!.body.toString()) as {
        data: { description: string };
      };
      assert.equal(body.data.description, 'C');
    });

    test('a rolled-back change writes and sends nothing', async () => {
      await reset();
      await h.addWebhook({});
      const before = (await h.deliveries()).length;
      await assert.rejects(
        h.asAdmin(async (ctx) => {
          await insertDoc(ctx, { doctype: 'ToDo', description: 'rolled back' });
          throw new Error('boom');
        }),
      );
      assert.equal((await h.deliveries()).length, before);
      await h.settle();
      assert.equal(h.receiver.requests.length, 0);
    });

    const conditions: [string, string, boolean | 'fails'][] = [
      ['python true', 'doc.description == "match" and doc.priority in ("Medium", "High")', true],
      ['python false', 'doc.description == "other"', false],
      ['jinja true', '{{ doc.description == "match" }}', true],
      ['jinja false', '{{ len(doc.description) > 100 }}', false],
      ['broken (undefined function)', 'nowdate() == doc.date', 'fails'],
      ['broken (syntax)', 'doc.description ==', 'fails'],
      ['unsafe (constructor escape)', 'len.constructor("return 1")()', 'fails'],
    ];
    for (const [label, condition, sends] of conditions) {
      const outcome =
        sends === 'fails'
          ? 'fails the save, as in Frappe'
          : `${sends ? 'sends' : 'does not send'}; the save succeeds`;
      test(`condition ${label} → ${outcome}`, async () => {
        await reset();
        // Broken conditions cannot be saved (validation.test.ts); written to the row directly they model one stored before.
        const hook = await h.addWebhook({});
        await h.site.db.kysely
          .updateTable('tabWebhook')
          .set({ condition })
          .where('name', '=', hook.name)
          .execute();
        if (sends === 'fails') {
          await assert.rejects(addTodo('match'), { excType: 'ValidationError' });
          await h.site.db.kysely
            .updateTable('tabWebhook')
            .set({ enabled: 0 })
            .where('name', '=', hook.name)
            .execute();
        } else await addTodo('match');
        await h.settle();
        assert.equal(h.receiver.requests.length, sends === true ? 1 : 0);
      });
    }

    test('default body is {"doctype", "name", "data"} JSON, with no invented Content-Type', async () => {
      await reset();
      await h.addWebhook({});
      const todo = await addTodo('default body');
      await h.settle();
      const request = h.receiver.requests[0]!;
      const body = JSON.parse(request.body.toString()) as Record<string, unknown>;
      assert.deepEqual(Object.keys(body), ['doctype', 'name', 'data']);
      assert.equal(body['name'], todo.name);
      assert.equal((body['data'] as Record<string, unknown>)['description'], 'default body');
      assert.equal(request.headers['content-type'], undefined);
      assert.ok(request.body.toString().startsWith('{"doctype": "ToDo", "name": '));
      assert.equal(request.headers['x-frappe-webhook-signature'], undefined);
    });

    test("a JSON body is sent as Python's json.dumps bytes, so a receiver's signature over them matches", async () => {
      await reset();
      await h.addWebhook({
        request_structure: 'JSON',
        webhook_json:
          '{"text":{{ doc.description | tojson }},"prio":"{{ doc.priority }}","due":null}',
        enable_security: 1,
        webhook_secret: 's3cr3t',
      });
      await addTodo('Café « 😀 »');
      await h.settle();
      const request = h.receiver.requests[0]!;
      assert.equal(
        request.body.toString(),
        '{"text": "Caf\\u00e9 \\u00ab \\ud83d\\ude00 \\u00bb", "prio": "Medium", "due": null}',
      );
      assert.equal(request.headers['content-type'], undefined);
      assert.ok(
        pythonVerifies(
          's3cr3t',
          request.body,
          String(request.headers['x-frappe-webhook-signature']),
        ),
      );
    });

    test('Form URL-Encoded rows send a real form body', async () => {
      await reset();
      await h.addWebhook({
        request_structure: 'Form URL-Encoded',
        webhook_data: [
          { fieldname: 'description', key: 'text' },
          { fieldname: 'priority', key: 'prio' },
          { fieldname: 'name', key: 'id' },
        ],
      });
      await addTodo('Café & co');
      await h.settle();
      const request = h.receiver.requests[0]!;
      const form = new URLSearchParams(request.body.toString());
      assert.deepEqual([...form.keys()], ['text', 'prio', 'id']);
      assert.equal(form.get('text'), 'Café & co');
      assert.equal(form.get('prio'), 'Medium');
      assert.equal(request.headers['content-type'], 'application/x-www-form-urlencoded');
    });

    test('JSON template renders with tojson; configured headers are sent; both signatures verify', async () => {
      await reset();
      const secret = 'whsec_test_123';
      await h.addWebhook({
        request_structure: 'JSON',
        webhook_json:
          '{"id": "{{ doc.name }}", "text": {{ doc.description | tojson }}, "n": {{ len(doc.description) }}}',
        webhook_headers: [
          { key: 'Authorization', value: 'Bearer abc' },
          { key: 'X-Tenant', value: '' },
        ],
        enable_security: 1,
        webhook_secret: secret,
      });
      const todo = await addTodo('say "hi" <b>');
      await h.settle();
      const request = h.receiver.requests[0]!;
      assert.deepEqual(JSON.parse(request.body.toString()), {
        id: todo.name,
        text: 'say "hi" <b>',
        n: 12,
      });
      assert.equal(request.headers['authorization'], 'Bearer abc');
      assert.equal(request.headers['x-tenant'], undefined);
      assert.equal(request.headers['content-type'], undefined);
      const signature = String(request.headers['x-frappe-webhook-signature']);
      assert.ok(pythonVerifies(secret, request.body, signature));
      assert.ok(
        !pythonVerifies(secret, Buffer.concat([request.body, Buffer.from(' ')]), signature),
      );
      const id = String(request.headers['x-cortado-webhook-id']);
      const timestamp = String(request.headers['x-cortado-webhook-timestamp']);
      const expected = createHmac('sha256', secret)
        .update(`${id}.${timestamp}.`)
        .update(request.body)
        .digest('base64');
      assert.equal(request.headers['x-cortado-webhook-signature'], `v1,${expected}`);
      assert.ok(Math.abs(Number(timestamp) - Date.now() / 1000) < 60);
    });

    test('a template that does not render JSON fails the delivery without sending; the save succeeds', async () => {
      await reset();
      await h.addWebhook({
        request_structure: 'JSON',
        webhook_json: '{"text": {{ doc.description }}}',
      });
      await addTodo('not json');
      await h.settle();
      assert.equal(h.receiver.requests.length, 0);
      const failed = (await h.deliveries()).filter(
        (row) => row.status === 'Failed' && String(row.last_error).includes('JSON'),
      );
      assert.ok(failed.length >= 1);
    });
  });
}
