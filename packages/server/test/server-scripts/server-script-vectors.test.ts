import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AppDefinition } from '../../src/engine/runtime/app-definition.js';
import { insertDoc } from '../../src/engine/document.js';
import { withContext } from '../../src/engine/runtime/with-context.js';
import { closeScriptPool, forgetScriptsSwitch } from '../../src/features/server-scripts/index.js';
import { buildTestApp, TEST_USER_HEADER, type TestApp } from '../helpers/build-test-app.js';
import { DIALECTS } from '../helpers/dialects.js';
import { runJobNow } from '../../src/features/jobs/run-job.js';
import { SCHEDULED_SCRIPT_METHOD } from '../../src/features/jobs/scheduler/index.js';

const RATE_LIMITED =
  'You hit the rate limit because of too many requests. Please try after sometime.';
const SYSTEM_MANAGER = 'sm@example.com';

/** An app with one whitelisted method for `frappe.call`. */
const CALLABLE_APP: AppDefinition = {
  name: 'scripts_test',
  version: '0.0.1',
  doctypes: [],
  methods: [{ path: 'scripts_test.double', handler: (args) => Number(args['n']) * 2 }],
};

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** Scripts run only with the bench-wide switch on; the environment sets it for this process. */
function setScriptsEnabled(on: boolean): void {
  process.env['CORTADO_SERVER_SCRIPT_ENABLED'] = on ? '1' : '0';
  forgetScriptsSwitch();
}

function messagesOf(body: Record<string, unknown>): string[] {
  const encoded = body['_server_messages'];
  if (typeof encoded !== 'string') return [];
  return (JSON.parse(encoded) as string[]).map(
    (entry) => (JSON.parse(entry) as { message: string }).message,
  );
}

for (const dialect of DIALECTS)
  describe(`Server Script vectors (${dialect})`, () => {
    let t: TestApp;
    let url: string;

    async function call(
      path: string,
      options: { method?: string; user?: string; body?: unknown; ip?: string } = {},
    ): Promise<Answer> {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (options.user !== undefined) headers[TEST_USER_HEADER] = options.user;
      if (options.ip !== undefined) headers['x-forwarded-for'] = options.ip;
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${url}${path}`, {
        method: options.method ?? 'GET',
        headers,
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      });
      const text = await res.text();
      return {
        status: res.status,
        body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
      };
    }

    /** Saves a Server Script over the REST API as Administrator (a Script Manager). */
    async function saveScript(name: string, fields: Record<string, unknown>): Promise<Answer> {
      const answer = await call('/api/resource/Server Script', {
        method: 'POST',
        user: 'Administrator',
        body: { name, ...fields },
      });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      return answer;
    }

    const apiScript = (name: string, api_method: string, script: string, extra = {}) =>
      saveScript(name, { script_type: 'API', api_method, script, ...extra });

    before(async () => {
      setScriptsEnabled(true);
      t = await buildTestApp({
        dialect,
        migrate: true,
        apps: [CALLABLE_APP],
        // A short CPU budget keeps the infinite-loop vector quick.
        config: { trusted_proxies: ['127.0.0.1'], server_script_timeout: 2 },
      });
      await withContext(t.site, 'Administrator', async (ctx) => {
        await insertDoc(ctx, {
          doctype: 'User',
          email: SYSTEM_MANAGER,
          first_name: 'Sam',
          send_welcome_email: 0,
          user_type: 'System User',
          roles: [{ role: 'System Manager' }],
        });
      });
      const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
      url = address;
    });
    after(async () => {
      await t?.close();
      await closeScriptPool();
    });

    it('S2 hello world: a guest script answers its message', async () => {
      await apiScript('Ping', 'ping', 'frappe.response["message"] = "pong"', { allow_guest: 1 });
      assert.deepEqual(await call('/api/method/ping'), { status: 200, body: { message: 'pong' } });
      assert.deepEqual(await call('/api/v2/method/ping'), {
        status: 200,
        body: { message: 'pong' },
      });
    });

    it('S1 scripting disabled: 403 ServerScriptNotEnabled', async () => {
      setScriptsEnabled(false);
      try {
        const answer = await call('/api/method/ping');
        assert.equal(answer.status, 403);
        assert.equal(answer.body['exc_type'], 'ServerScriptNotEnabled');
      } finally {
        setScriptsEnabled(true);
      }
    });

    it('S3 flags win over the response message', async () => {
      await apiScript(
        'Flags',
        'flags_win',
        'frappe.response["message"] = "ignored"\nfrappe.flags.total = 5',
        { allow_guest: 1 },
      );
      assert.deepEqual((await call('/api/method/flags_win')).body, { message: { total: 5 } });
      assert.deepEqual((await call('/api/v2/method/flags_win')).body, { data: { total: 5 } });
    });

    it('S4 a script that sets nothing answers {}', async () => {
      await apiScript('Empty', 'empty_result', 'x = 1', { allow_guest: 1 });
      assert.deepEqual(await call('/api/method/empty_result'), { status: 200, body: {} });
    });

    it('S5 inputs: query strings stay strings, JSON keeps its types', async () => {
      await apiScript(
        'Balance',
        'customer_balance',
        'frappe.response["message"] = {"customer": frappe.form_dict.get("customer"), "n": frappe.form_dict.get("n")}',
      );
      const user = 'Administrator';
      assert.deepEqual(
        (await call('/api/method/customer_balance?customer=CUST-0001&n=2', { user })).body,
        { message: { customer: 'CUST-0001', n: '2' } },
      );
      assert.deepEqual(
        (
          await call('/api/method/customer_balance', {
            method: 'POST',
            user,
            body: { customer: 'CUST-0001', n: 2 },
          })
        ).body,
        { message: { customer: 'CUST-0001', n: 2 } },
      );
    });

    it('S6 a guest is refused a non-guest script; a signed-in user is served', async () => {
      const refused = await call('/api/method/customer_balance', { method: 'POST' });
      assert.equal(refused.status, 403);
      assert.equal(refused.body['exc_type'], 'PermissionError');
      const served = await call('/api/method/customer_balance', {
        method: 'POST',
        user: 'Administrator',
      });
      assert.equal(served.status, 200);
    });

    it('S7 rate limit: the 4th call of 3 is refused with 429; another IP has its own bucket', async () => {
      await apiScript('Limited', 'limited', 'frappe.response["message"] = "ok"', {
        allow_guest: 1,
        enable_rate_limit: 1,
        rate_limit_count: 3,
        rate_limit_seconds: 60,
      });
      const ip = '203.0.113.7';
      for (let i = 0; i < 3; i++)
        assert.equal((await call('/api/method/limited', { ip })).status, 200);
      const refused = await call('/api/method/limited', { ip });
      assert.equal(refused.status, 429);
      assert.equal(refused.body['exc_type'], 'RateLimitExceededError');
      assert.deepEqual(messagesOf(refused.body), [RATE_LIMITED]);
      assert.equal(
        (await call('/api/v2/method/limited', { ip })).status,
        429,
        'v2 shares the bucket',
      );
      assert.equal((await call('/api/method/limited', { ip: '198.51.100.9' })).status, 200);
    });

    it('S8 a stored 0 count and window mean 5 per day; a refused guest still counts', async () => {
      await apiScript('Defaults', 'limit_defaults', 'x = 1', {
        enable_rate_limit: 1,
        rate_limit_count: 0,
        rate_limit_seconds: 0,
      });
      const ip = '203.0.113.8';
      assert.equal(
        (await call('/api/method/limit_defaults', { ip })).status,
        403,
        'guest, counted',
      );
      const user = 'Administrator';
      for (let i = 0; i < 4; i++)
        assert.equal((await call('/api/method/limit_defaults', { ip, user })).status, 200);
      const sixth = await call('/api/method/limit_defaults', { ip, user });
      assert.equal(sixth.status, 429);
      assert.equal(sixth.body['exc_type'], 'RateLimitExceededError');
    });

    it('S9 a GET does not persist what the script wrote; a POST does', async () => {
      await apiScript(
        'Make ToDo',
        'make_todo',
        'doc = frappe.get_doc({"doctype": "ToDo", "description": frappe.form_dict.get("d")})\ndoc.insert()\nfrappe.response["message"] = doc.name',
      );
      const user = 'Administrator';
      const viaGet = await call('/api/method/make_todo?d=from-get', { user });
      assert.equal(viaGet.status, 200);
      assert.equal(typeof viaGet.body['message'], 'string');
      const viaPost = await call('/api/method/make_todo', {
        method: 'POST',
        user,
        body: { d: 'from-post' },
      });
      assert.equal(viaPost.status, 200);
      const rows = await t.site.db.kysely
        .selectFrom('tabToDo')
        .select(['name', 'description'])
        .where('description', 'in', ['from-get', 'from-post'])
        .execute();
      assert.deepEqual(rows, [{ name: viaPost.body['message'], description: 'from-post' }]);
      await apiScript(
        'Make ToDo and commit',
        'make_todo_commit',
        'doc = frappe.get_doc({"doctype": "ToDo", "description": "[OK] committed"})\ndoc.insert()\nfrappe.db.commit()\nfrappe.response["message"] = doc.name',
      );
      const committed = await call('/api/method/make_todo_commit', { user });
      assert.equal(committed.status, 200, JSON.stringify(committed.body));
      const kept = await t.site.db.kysely
        .selectFrom('tabToDo')
        .select('name')
        .where('description', '=', '[OK] committed')
        .execute();
      assert.deepEqual(kept, [{ name: committed.body['message'] }]);
    });

    it('S10 frappe.db.sql reads but never writes', async () => {
      await apiScript(
        'Write SQL',
        'write_sql',
        'frappe.db.sql("update tabToDo set status=\'Closed\'")',
      );
      const user = 'Administrator';
      const refused = await call('/api/method/write_sql', { method: 'POST', user });
      assert.equal(refused.status, 403);
      assert.equal(refused.body['exc_type'], 'PermissionError');
      assert.deepEqual(messagesOf(refused.body), [
        'Query must be of SELECT or read-only WITH type.',
      ]);
      await apiScript(
        'Read SQL',
        'read_sql',
        'frappe.response["message"] = frappe.db.sql("select name from tabToDo where description = %s", ["from-post"])',
      );
      const rows = (await call('/api/method/read_sql', { user })).body['message'] as unknown[][];
      assert.equal(rows.length, 1);
      assert.equal(rows[0]?.length, 1);
    });

    it('S11 import: saved with a compilation warning, calling it answers 500 SyntaxError', async () => {
      const saved = await saveScript('Imports', {
        script_type: 'API',
        api_method: 'imports',
        script: 'import os',
        allow_guest: 1,
      });
      assert.ok(
        messagesOf(saved.body).some((message) => message.includes('statements are not allowed')),
        JSON.stringify(saved.body),
      );
      const answer = await call('/api/method/imports');
      assert.equal(answer.status, 500);
      assert.equal(answer.body['exc_type'], 'SyntaxError');
      await apiScript(
        'Dict',
        'bare_dict',
        'frappe.response["message"] = _dict(a=1).a + len(_("x"))',
        {
          allow_guest: 1,
        },
      );
      assert.deepEqual((await call('/api/method/bare_dict')).body, { message: 2 });
      for (const [name, script] of [
        ['Underscore', 'x = frappe._dict'],
        ['Format', 'x = "{}".format(1)'],
      ] as const) {
        await apiScript(name, name.toLowerCase(), script, { allow_guest: 1 });
        const refused = await call(`/api/method/${name.toLowerCase()}`);
        assert.equal(refused.status, 500, name);
        assert.equal(refused.body['exc_type'], 'SyntaxError', name);
      }
    });

    it('S12 a script shadows a built-in method', async () => {
      await apiScript(
        'Shadow',
        'frappe.auth.get_logged_user',
        'frappe.response["message"] = "shadowed"',
        { allow_guest: 1 },
      );
      assert.deepEqual((await call('/api/method/frappe.auth.get_logged_user')).body, {
        message: 'shadowed',
      });
    });

    it('warns when a Guest-callable script skips permission checks', async () => {
      const saved = await apiScript(
        'Guest writer',
        'guest_writer',
        'frappe.get_doc({"doctype": "ToDo", "description": "[OK] guest"}).insert(ignore_permissions=True)',
        { allow_guest: 1 },
      );
      assert.ok(messagesOf(saved.body).some((message) => message.includes('Guests can call')));
    });

    it('frappe.call reaches an app method under its Guest rule; an unknown one is a ValidationError', async () => {
      await apiScript(
        'Caller',
        'caller',
        'frappe.response["message"] = frappe.call("scripts_test.double", n=21)',
        {
          allow_guest: 1,
        },
      );
      assert.deepEqual((await call('/api/method/caller', { user: 'Administrator' })).body, {
        message: 42,
      });
      const guest = await call('/api/method/caller');
      assert.equal(guest.status, 403, 'a Guest may not call a method without allow_guest');
      await apiScript('Bad caller', 'bad_caller', 'frappe.call("no.such.method")', {
        allow_guest: 1,
      });
      const refused = await call('/api/method/bad_caller');
      assert.equal(refused.status, 417);
      assert.equal(refused.body['exc_type'], 'ValidationError');
    });

    it('a second script on the same api_method is refused', async () => {
      const answer = await call('/api/resource/Server Script', {
        method: 'POST',
        user: 'Administrator',
        body: { name: 'Ping Again', script_type: 'API', api_method: 'ping', script: 'x = 1' },
      });
      assert.equal(answer.status, 417);
      assert.equal(answer.body['exc_type'], 'ValidationError');
    });

    it('frappe.throw answers 417 and rolls back what the script wrote', async () => {
      await apiScript(
        'Throws',
        'throws',
        'frappe.get_doc({"doctype": "ToDo", "description": "thrown-away"}).insert()\nfrappe.throw("Nope")',
      );
      const answer = await call('/api/method/throws', { method: 'POST', user: 'Administrator' });
      assert.equal(answer.status, 417);
      assert.equal(answer.body['exc_type'], 'ValidationError');
      assert.deepEqual(messagesOf(answer.body), ['Nope']);
      const left = await t.site.db.kysely
        .selectFrom('tabToDo')
        .select('name')
        .where('description', '=', 'thrown-away')
        .execute();
      assert.deepEqual(left, []);
    });

    it('an infinite loop answers 500 TimeoutError and the next call is served', async () => {
      await apiScript('Loop', 'loop', 'while True:\n    pass', { allow_guest: 1 });
      const answer = await call('/api/method/loop');
      assert.equal(answer.status, 500);
      assert.equal(answer.body['exc_type'], 'TimeoutError');
      assert.deepEqual((await call('/api/method/ping')).body, { message: 'pong' });
    });

    it('S13 a Before Save script that throws aborts the insert', async () => {
      await saveScript('ToDo prefix', {
        script_type: 'DocType Event',
        reference_doctype: 'ToDo',
        doctype_event: 'Before Save',
        script: 'if not doc.description.startswith("[OK]"):\n    frappe.throw("Prefix required")',
      });
      const answer = await call('/api/resource/ToDo', {
        method: 'POST',
        user: 'Administrator',
        body: { description: 'x' },
      });
      assert.equal(answer.status, 417);
      assert.equal(answer.body['exc_type'], 'ValidationError');
      assert.deepEqual(messagesOf(answer.body), ['Prefix required']);
      const rows = await t.site.db.kysely
        .selectFrom('tabToDo')
        .select('name')
        .where('description', '=', 'x')
        .execute();
      assert.deepEqual(rows, []);
    });

    it('B2 with scripting off, a document with an event script cannot be saved (403)', async () => {
      setScriptsEnabled(false);
      try {
        const answer = await call('/api/resource/ToDo', {
          method: 'POST',
          user: 'Administrator',
          body: { description: '[OK] while off' },
        });
        assert.equal(answer.status, 403);
        assert.equal(answer.body['exc_type'], 'ServerScriptNotEnabled');
      } finally {
        setScriptsEnabled(true);
      }
    });

    it('S14 an After Save script runs on insert and on update; Before Insert changes are saved', async () => {
      await saveScript('ToDo comment', {
        script_type: 'DocType Event',
        reference_doctype: 'ToDo',
        doctype_event: 'After Save',
        script:
          'frappe.get_doc({"doctype": "Comment", "comment_type": "Comment", "reference_doctype": "ToDo", "reference_name": doc.name, "content": "saved"}).insert(ignore_permissions=True)',
      });
      await saveScript('ToDo priority', {
        script_type: 'DocType Event',
        reference_doctype: 'ToDo',
        doctype_event: 'Before Insert',
        script: 'doc.priority = "High"',
      });
      const user = 'Administrator';
      const created = await call('/api/resource/ToDo', {
        method: 'POST',
        user,
        body: { description: '[OK] commented' },
      });
      assert.equal(created.status, 200, JSON.stringify(created.body));
      const todo = created.body['data'] as { name: string; priority: string };
      assert.equal(todo.priority, 'High');
      const comments = () =>
        t.site.db.kysely
          .selectFrom('tabComment')
          .select('content')
          .where('reference_doctype', '=', 'ToDo')
          .where('reference_name', '=', todo.name)
          .execute();
      assert.equal((await comments()).length, 1);
      const updated = await call(`/api/resource/ToDo/${todo.name}`, {
        method: 'PUT',
        user,
        body: { description: '[OK] commented again' },
      });
      assert.equal(updated.status, 200, JSON.stringify(updated.body));
      assert.equal((await comments()).length, 2);
    });

    it('S15 a Permission Query script narrows lists, not single documents', async () => {
      const [a, b] = ['a@example.com', 'b@example.com'];
      const names: Record<string, string> = {};
      await withContext(t.site, 'Administrator', async (ctx) => {
        for (const user of [a, b])
          await insertDoc(ctx, {
            doctype: 'User',
            email: user,
            first_name: user[0],
            send_welcome_email: 0,
            user_type: 'System User',
            roles: [{ role: 'System Manager' }],
          });
      });
      for (const user of [a, b])
        await withContext(t.site, user, async (ctx) => {
          const doc = await insertDoc(ctx, { doctype: 'ToDo', description: `[OK] of ${user}` });
          names[user] = String(doc.name);
        });
      await saveScript('ToDo format', {
        script_type: 'Permission Query',
        reference_doctype: 'ToDo',
        script: 'conditions = "`tabToDo`.owner = {}".format(user)',
      });
      const refused = await call('/api/resource/ToDo', { user: a });
      assert.equal(refused.status, 500);
      assert.equal(refused.body['exc_type'], 'SyntaxError');
      await call('/api/resource/Server Script/ToDo format', {
        method: 'DELETE',
        user: 'Administrator',
      });
      await saveScript('ToDo owner', {
        script_type: 'Permission Query',
        reference_doctype: 'ToDo',
        script: 'conditions = "`tabToDo`.`owner` = " + frappe.db.escape(user)',
      });
      const listed = await call('/api/resource/ToDo?fields=["name","owner"]&limit_page_length=0', {
        user: a,
      });
      assert.equal(listed.status, 200, JSON.stringify(listed.body));
      const owners = new Set((listed.body['data'] as { owner: string }[]).map((row) => row.owner));
      assert.deepEqual([...owners], [a]);
      const single = await call(`/api/resource/ToDo/${names[b]}`, { user: a });
      assert.equal(single.status, 200);
    });

    it('B7 a Scheduler Event script gets its Scheduled Job Type and runs as a job', async () => {
      await saveScript('Daily Digest', {
        script_type: 'Scheduler Event',
        event_frequency: 'Daily',
        script: 'frappe.get_doc({"doctype": "ToDo", "description": "[OK] digest"}).insert()',
      });
      const jobType = await t.site.db.kysely
        .selectFrom('tabScheduled Job Type')
        .select(['name', 'method', 'frequency', 'stopped', 'server_script'])
        .where('server_script', '=', 'Daily Digest')
        .execute();
      assert.deepEqual(jobType, [
        {
          name: 'daily_digest_daily',
          method: 'daily_digest_daily',
          frequency: 'Daily',
          stopped: 0,
          server_script: 'Daily Digest',
        },
      ]);
      await withContext(t.site, 'Administrator', (ctx) =>
        runJobNow(ctx, SCHEDULED_SCRIPT_METHOD, { kwargs: { server_script: 'Daily Digest' } }),
      );
      const made = await t.site.db.kysely
        .selectFrom('tabToDo')
        .select('name')
        .where('description', '=', '[OK] digest')
        .execute();
      assert.equal(made.length, 1);
      const removed = await call('/api/resource/Server Script/Daily Digest', {
        method: 'DELETE',
        user: 'Administrator',
      });
      assert.equal(removed.status, 202, JSON.stringify(removed.body));
      const stopped = await t.site.db.kysely
        .selectFrom('tabScheduled Job Type')
        .select(['stopped', 'server_script'])
        .where('name', '=', 'daily_digest_daily')
        .executeTakeFirst();
      assert.deepEqual(stopped, { stopped: 1, server_script: null });
    });

    it('S16 a System Manager without Script Manager may not create a script', async () => {
      const answer = await call('/api/resource/Server Script', {
        method: 'POST',
        user: SYSTEM_MANAGER,
        body: { name: 'Sneaky', script_type: 'API', api_method: 'sneaky', script: 'x = 1' },
      });
      assert.equal(answer.status, 403);
      assert.equal(answer.body['exc_type'], 'PermissionError');
    });
  });
