import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { TEST_USER_HEADER } from '../helpers/build-test-app.js';
import { DIALECTS } from '../helpers/dialects.js';
import { createHarness, type Harness } from './webhook-harness.js';

/** Save-time checks of webhooks spec §1.5: each row is a body that must be refused, and Frappe's message. */
const REFUSED: readonly [string, Record<string, unknown>, RegExp][] = [
  [
    'submit event on a non-submittable DocType',
    { webhook_docevent: 'on_submit' },
    /must be Submittable/,
  ],
  [
    'cancel event on a non-submittable DocType',
    { webhook_docevent: 'on_cancel' },
    /must be Submittable/,
  ],
  ['condition with a syntax error', { condition: 'doc.description ==' }, /^Invalid Condition: /],
  [
    'condition calling an unknown name',
    { condition: 'nowdate() == doc.date' },
    /^Invalid Condition: /,
  ],
  [
    'condition escaping the sandbox',
    { condition: 'len.constructor("x")()' },
    /^Invalid Condition: /,
  ],
  ['condition using a private name', { condition: 'doc._secret' }, /^Invalid Condition: /],
  ['relative URL', { request_url: '/relative/path' }, /^Check Request URL$/],
  ['URL without a host', { request_url: 'httpbin.org?post' }, /^Check Request URL$/],
  ['non-HTTP scheme', { request_url: 'ftp://example.com/x' }, /^Check Request URL$/],
  ['file URL', { request_url: 'file:///etc/passwd' }, /^Check Request URL$/],
  [
    'dynamic URL with a broken template',
    { is_dynamic_url: 1, request_url: 'https://example.com/{{ doc.name ' },
    /^Invalid Request URL: /,
  ],
  [
    'JSON structure with a broken template',
    { request_structure: 'JSON', webhook_json: '{"id": "{{ doc.name }"}' },
    /^Invalid JSON Request Body: /,
  ],
  [
    'JSON structure with an unsafe template',
    { request_structure: 'JSON', webhook_json: '{"x": "{{ doc.constructor }}"}' },
    /^Invalid JSON Request Body: /,
  ],
  [
    'the same field twice in webhook_data',
    {
      webhook_data: [
        { fieldname: 'description', key: 'a' },
        { fieldname: 'description', key: 'b' },
      ],
    },
    /^Same Field is entered more than once$/,
  ],
  [
    'a webhook_data field the DocType lacks',
    { webhook_data: [{ fieldname: 'grand_total', key: 'total' }] },
    /^Field grand_total does not exist in DocType ToDo$/,
  ],
  ['security on without a secret', { enable_security: 1 }, /^Invalid Webhook Secret$/],
];

for (const dialect of DIALECTS) {
  describe(`Webhook save validation on ${dialect}`, () => {
    let h: Harness;
    before(async () => {
      h = await createHarness(dialect);
    });
    after(() => h.close());

    const post = (fields: Record<string, unknown>) =>
      h.t.app.inject({
        method: 'POST',
        url: '/api/resource/Webhook',
        headers: { [TEST_USER_HEADER]: 'Administrator' },
        payload: {
          name: `v-${randomUUID().slice(0, 8)}`,
          webhook_doctype: 'ToDo',
          webhook_docevent: 'after_insert',
          request_url: 'https://hooks.example.com/erp',
          request_method: 'POST',
          ...fields,
        },
      });

    for (const [label, fields, message] of REFUSED) {
      test(`refuses ${label} with ValidationError (417) and stores nothing`, async () => {
        const before = await h.site.db.kysely.selectFrom('tabWebhook').select('name').execute();
        const res = await post(fields);
        assert.equal(res.statusCode, 417, res.body);
        const body = res.json() as { exc_type: string; _server_messages: string };
        assert.equal(body.exc_type, 'ValidationError');
        const messages = (JSON.parse(body._server_messages) as string[]).map(
          (item) => (JSON.parse(item) as { message: string }).message,
        );
        assert.match(messages[0] ?? '', message);
        const now = await h.site.db.kysely.selectFrom('tabWebhook').select('name').execute();
        assert.equal(now.length, before.length);
      });
    }

    test('accepts valid webhooks: Python and Jinja conditions, dynamic URL, standard fields, secret', async () => {
      for (const fields of [
        { condition: 'doc.status == "Open" and doc.priority in ("High", "Medium")' },
        { condition: '{{ doc.description }}' },
        { condition: 'utils.nowdate() != doc.date' },
        { is_dynamic_url: 1, request_url: 'https://hooks.example.com/{{ doc.name }}' },
        { request_url: 'http://127.0.0.1:9000/hook?x=1' },
        {
          webhook_data: [
            { fieldname: 'name', key: 'id' },
            { fieldname: 'modified', key: 'at' },
          ],
        },
        { enable_security: 1, webhook_secret: 'whsec_test_123' },
      ]) {
        const res = await post(fields);
        assert.equal(res.statusCode, 200, `${JSON.stringify(fields)}: ${res.body}`);
      }
    });

    test('a structure clears the body part it does not use', async () => {
      const form = await post({
        request_structure: 'Form URL-Encoded',
        webhook_json: '{"a": 1}',
        webhook_data: [{ fieldname: 'description', key: 'text' }],
      });
      assert.equal(form.statusCode, 200, form.body);
      assert.equal(
        form.json().data.webhook_json,
        undefined,
        'null fields are left out of REST reads',
      );
      assert.equal(form.json().data.webhook_data.length, 1);
      const json = await post({
        request_structure: 'JSON',
        webhook_json: '{"id": {{ doc.name | tojson }}}',
        webhook_data: [{ fieldname: 'description', key: 'text' }],
      });
      assert.equal(json.statusCode, 200, json.body);
      assert.deepEqual(json.json().data.webhook_data, []);
      assert.equal(json.json().data.webhook_json, '{"id": {{ doc.name | tojson }}}');
    });

    test('an update is validated too, and a target DocType that does not exist is refused', async () => {
      const created = await post({});
      const name = String(created.json().data.name);
      const res = await h.t.app.inject({
        method: 'PUT',
        url: `/api/resource/Webhook/${name}`,
        headers: { [TEST_USER_HEADER]: 'Administrator' },
        payload: { request_url: 'not a url' },
      });
      assert.equal(res.statusCode, 417, res.body);
      const missing = await post({ webhook_doctype: 'No Such DocType' });
      assert.ok([404, 417].includes(missing.statusCode), missing.body);
    });
  });
}
