import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { AppDefinition } from '../../src/engine/runtime/app-definition.js';
import { insertDoc } from '../../src/engine/document.js';
import { withContext } from '../../src/engine/runtime/with-context.js';
import { JOB_TABLE } from '../../src/features/jobs/index.js';
import { runJobNow } from '../../src/features/jobs/run-job.js';
import { SCHEDULED_SCRIPT_METHOD } from '../../src/features/jobs/scheduler/index.js';
import {
  CALL_WHITELISTED_FUNCTION,
  closeScriptPool,
  forgetScriptsSwitch,
} from '../../src/features/server-scripts/index.js';
import { buildTestApp, TEST_USER_HEADER, type TestApp } from '../helpers/build-test-app.js';
import { DIALECTS } from '../helpers/dialects.js';

/** An app with a whitelisted method, and a job function no script may name. */
const APP: AppDefinition = {
  name: 'script_api_test',
  version: '0.0.1',
  doctypes: [],
  methods: [
    { path: 'script_api_test.double', handler: (args) => Number(args['n']) * 2 },
    {
      path: 'script_api_test.note',
      handler: (args, ctx) =>
        insertDoc(ctx, { doctype: 'ToDo', description: String(args['text']) }).then(() => null),
    },
  ],
  jobs: { 'script_api_test.internal_job': () => 'ran' },
};

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly body: Record<string, unknown>;
}

function messagesOf(body: Record<string, unknown>): string[] {
  const encoded = body['_server_messages'];
  if (typeof encoded !== 'string') return [];
  return (JSON.parse(encoded) as string[]).map(
    (entry) => (JSON.parse(entry) as { message: string }).message,
  );
}

/** A loopback HTTP peer for the request helpers: echoes, fails, redirects. */
function startPeer(): Promise<Server> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (req.url?.startsWith('/fail')) {
        res.writeHead(500, { 'content-type': 'text/plain' }).end('broken');
      } else if (req.url?.startsWith('/redirect')) {
        res.writeHead(302, { location: '/echo' }).end();
      } else if (req.url?.startsWith('/text')) {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<b>hi</b>');
      } else {
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            method: req.method,
            url: req.url,
            body,
            type: req.headers['content-type'] ?? null,
            auth: req.headers['authorization'] ?? null,
          }),
        );
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

for (const dialect of DIALECTS)
  describe(`Server Script frappe API (${dialect})`, () => {
    let t: TestApp;
    let url: string;
    let peer: Server;
    let peerUrl: string;

    async function call(
      path: string,
      options: { method?: string; user?: string; body?: unknown } = {},
    ): Promise<Answer> {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (options.user !== undefined) headers[TEST_USER_HEADER] = options.user;
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${url}${path}`, {
        method: options.method ?? 'GET',
        headers,
        redirect: 'manual',
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      });
      const text = await res.text();
      let body: Record<string, unknown> = {};
      try {
        body = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
      } catch {
        // a file answer
      }
      return { status: res.status, headers: res.headers, text, body };
    }

    async function apiScript(
      name: string,
      api_method: string,
      script: string,
      extra: Record<string, unknown> = {},
    ): Promise<void> {
      const answer = await call('/api/resource/Server Script', {
        method: 'POST',
        user: 'Administrator',
        body: { name, script_type: 'API', api_method, script, ...extra },
      });
      assert.equal(answer.status, 200, answer.text);
    }

    /** Saves a script and calls it as Administrator (POST unless told). */
    async function run(script: string, method = 'POST', user = 'Administrator'): Promise<Answer> {
      const path = `t_${Math.random().toString(36).slice(2, 10)}`;
      await apiScript(`Script ${path}`, path, script);
      return call(`/api/method/${path}`, { method, user });
    }

    const todos = (description: string) =>
      t.site.db.kysely
        .selectFrom('tabToDo')
        .select('name')
        .where('description', '=', description)
        .execute();

    before(async () => {
      process.env['CORTADO_SERVER_SCRIPT_ENABLED'] = '1';
      forgetScriptsSwitch();
      peer = await startPeer();
      peerUrl = `http://127.0.0.1:${(peer.address() as AddressInfo).port}`;
      t = await buildTestApp({
        dialect,
        migrate: true,
        apps: [APP],
        config: {
          server_script_allowed_hosts: ['127.0.0.1'],
          host_name: 'https://erp.example.com',
        },
      });
      url = await t.app.listen({ port: 0, host: '127.0.0.1' });
    });
    after(async () => {
      await t?.close();
      await closeScriptPool();
      await new Promise((resolve) => peer?.close(resolve));
    });

    describe('frappe.call and run_script', () => {
      it('frappe.call runs an API script in place: it shares the response, its flags are the answer', async () => {
        await apiScript(
          'Callee',
          'callee',
          'frappe.response["from_callee"] = frappe.form_dict.get("x")\nfrappe.flags.doubled = frappe.form_dict.get("x") * 2',
        );
        const answer = await run(
          'out = frappe.call("callee", x=4)\nfrappe.response["message"] = {"out": out, "mine": frappe.form_dict.get("x")}',
        );
        assert.equal(answer.status, 200, answer.text);
        assert.deepEqual(answer.body, {
          from_callee: 4,
          message: { out: { doubled: 8 }, mine: null },
        });
      });

      it('frappe.call of a whitelisted method answers its value', async () => {
        const answer = await run(
          'frappe.response["message"] = frappe.call("script_api_test.double", n=21)',
        );
        assert.deepEqual(answer.body, { message: 42 });
      });

      it('run_script runs a script by name with the caller form_dict and its keywords', async () => {
        await apiScript(
          'Named callee',
          'named_callee',
          'frappe.flags.seen = [args.get("a"), args.get("b")]',
        );
        await apiScript(
          'Caller by name',
          'caller_by_name',
          'frappe.response["message"] = run_script("Named callee", b=2)',
        );
        const answer = await call('/api/method/caller_by_name?a=1', { user: 'Administrator' });
        assert.deepEqual(answer.body, { message: { seen: ['1', 2] } });
        const missing = await run('run_script("No such script")');
        assert.equal(missing.status, 404);
        assert.equal(missing.body['exc_type'], 'DoesNotExistError');
      });

      it('a Guest script calling a non-guest script is refused (403)', async () => {
        await apiScript('Guest caller', 'guest_caller', 'frappe.call("callee", x=1)', {
          allow_guest: 1,
        });
        const answer = await call('/api/method/guest_caller');
        assert.equal(answer.status, 403);
        assert.equal(answer.body['exc_type'], 'PermissionError');
      });

      it('a script calling itself stops at the nesting limit with a ValidationError', async () => {
        await apiScript('Recursive', 'recursive', 'frappe.call("recursive")');
        const answer = await call('/api/method/recursive', { user: 'Administrator' });
        assert.equal(answer.status, 417);
        assert.match(messagesOf(answer.body).join(), /at most 8 deep/);
        assert.equal((await run('frappe.response["message"] = 1')).status, 200, 'pool healthy');
      });
    });

    describe('frappe.enqueue', () => {
      it('writes a job that calls an API script with the keywords as form_dict', async () => {
        await apiScript(
          'Job target',
          'job_target',
          'frappe.get_doc({"doctype": "ToDo", "description": "from job " + str(args.get("n"))}).insert()',
        );
        const answer = await run(
          'job = frappe.enqueue("job_target", queue="long", n=7)\nfrappe.response["message"] = job.queue',
        );
        assert.equal(answer.status, 200, answer.text);
        assert.equal(answer.body['message'], 'long');
        const rows = (await t.site.db.kysely
          .selectFrom(JOB_TABLE)
          .select(['method', 'payload', 'queue', 'user'])
          .where('method', '=', CALL_WHITELISTED_FUNCTION)
          .execute()) as { method: string; payload: string; queue: string; user: string }[];
        assert.equal(rows.length, 1);
        const payload = JSON.parse(rows[0]!.payload) as { kwargs: Record<string, unknown> };
        assert.deepEqual(payload.kwargs, { function: 'job_target', n: 7 });
        assert.equal(rows[0]!.user, 'Administrator');
        await withContext(t.site, 'Administrator', (ctx) =>
          runJobNow(ctx, CALL_WHITELISTED_FUNCTION, { kwargs: payload.kwargs }),
        );
        assert.equal((await todos('from job 7')).length, 1);
      });

      it('now=True calls the method at once', async () => {
        const answer = await run(
          'frappe.response["message"] = frappe.enqueue("script_api_test.double", now=True, n=5)',
        );
        assert.deepEqual(answer.body, { message: 10 });
      });

      it('refuses job functions that are not whitelisted methods or API scripts', async () => {
        for (const method of [
          'script_api_test.internal_job',
          SCHEDULED_SCRIPT_METHOD,
          CALL_WHITELISTED_FUNCTION,
          'os.system',
        ]) {
          const answer = await run(
            `frappe.enqueue("${method}", function="script_api_test.double")`,
          );
          assert.equal(answer.status, 417, `${method}: ${answer.text}`);
          assert.equal(answer.body['exc_type'], 'ValidationError', method);
        }
        const count = await t.site.db.kysely
          .selectFrom(JOB_TABLE)
          .select('name')
          .where('method', '!=', CALL_WHITELISTED_FUNCTION)
          .execute();
        assert.deepEqual(count, []);
      });
    });

    describe('outbound requests', () => {
      it('make_get_request and make_post_request reach an allowed host; JSON answers are parsed', async () => {
        const answer = await run(
          `got = frappe.make_get_request("${peerUrl}/echo", params={"q": "1"})\n` +
            `posted = frappe.make_post_request("${peerUrl}/echo", json={"a": 1}, auth=("u", "p"))\n` +
            `form = frappe.make_put_request("${peerUrl}/echo", data={"k": "v"})\n` +
            `text = frappe.make_get_request("${peerUrl}/text")\n` +
            'frappe.response["message"] = [got.url, posted.body, posted.auth, form.body, form.method, text]',
        );
        assert.equal(answer.status, 200, answer.text);
        assert.deepEqual(answer.body['message'], [
          '/echo?q=1',
          '{"a":1}',
          `Basic ${Buffer.from('u:p').toString('base64')}`,
          'k=v',
          'PUT',
          '<b>hi</b>',
        ]);
      });

      it('a failing target raises HTTPError; the script may catch it', async () => {
        const uncaught = await run(`frappe.make_get_request("${peerUrl}/fail")`);
        assert.equal(uncaught.status, 500);
        assert.equal(uncaught.body['exc_type'], 'HTTPError');
        const caught = await run(
          `try:\n    frappe.make_delete_request("${peerUrl}/fail")\nexcept Exception as e:\n    frappe.response["message"] = str(e)`,
        );
        assert.match(String(caught.body['message']), /^500 Server Error/);
      });
    });

    describe('escapes through the new capabilities', () => {
      it('the request helpers refuse loopback, private and link-local hosts and non-http schemes', async () => {
        for (const [target, status, excType] of [
          ['http://localhost:1/', 403, 'PermissionError'],
          ['http://169.254.169.254/latest/meta-data/', 403, 'PermissionError'],
          ['http://[::1]:1/', 403, 'PermissionError'],
          ['http://10.0.0.1/', 403, 'PermissionError'],
          ['http://0x7f000002/', 403, 'PermissionError'],
          ['file:///etc/passwd', 417, 'ValidationError'],
          ['ftp://127.0.0.1/', 417, 'ValidationError'],
          ['not a url', 417, 'ValidationError'],
        ] as const) {
          const answer = await run(`frappe.make_get_request("${target}")`);
          assert.equal(answer.status, status, `${target}: ${answer.text}`);
          assert.equal(answer.body['exc_type'], excType, target);
        }
      });

      it('a redirect from an allowed host is not followed to another target', async () => {
        const answer = await run(
          `frappe.response["message"] = frappe.make_get_request("${peerUrl}/redirect")`,
        );
        assert.equal(answer.status, 200, answer.text);
        assert.equal(answer.body['message'], null, 'the 302 is answered as it is, not followed');
      });

      it('the sandbox itself has no network: fetch and sockets are out of reach', async () => {
        for (const script of [
          'import socket',
          'import urllib.request',
          'x = __import__("socket")',
          'x = frappe.make_get_request.__globals__',
          'x = getattr(frappe, "make_get_request").__closure__',
        ]) {
          const answer = await run(script);
          assert.equal(answer.status, 500, `${script}: ${answer.text}`);
          assert.match(String(answer.body['exc_type']), /^(SyntaxError|NameError|AttributeError)$/);
        }
      });

      it('frappe.call reaches neither job functions nor private names', async () => {
        for (const method of [
          SCHEDULED_SCRIPT_METHOD,
          CALL_WHITELISTED_FUNCTION,
          'script_api_test.internal_job',
        ]) {
          const answer = await run(`frappe.call("${method}", function="x")`);
          assert.equal(answer.status, 417, `${method}: ${answer.text}`);
        }
      });
    });

    describe('lookups and utils', () => {
      it('get_last_doc, get_meta, db.get_default, get_url and utils', async () => {
        await run('frappe.get_doc({"doctype": "ToDo", "description": "last one"}).insert()');
        const answer = await run(
          [
            'meta = frappe.get_meta("ToDo")',
            'frappe.response["message"] = {',
            '  "last": frappe.get_last_doc("ToDo", filters={"description": "last one"}).description,',
            '  "has": [meta.has_field("description"), meta.has_field("nope")],',
            '  "label": meta.get_field("description").fieldtype,',
            '  "default_ok": frappe.db.get_default("date_format") == frappe.db.get_single_value("System Settings", "date_format"),',
            '  "no_default": frappe.db.get_default("no_such_key"),',
            '  "url": frappe.utils.get_url_to_form("ToDo", "x"),',
            '  "days": frappe.utils.date_diff("2024-03-01", "2024-02-01"),',
            '  "months": frappe.utils.add_months("2024-01-31", 1).isoformat(),',
            '  "safe": frappe.utils.safe_div(1, 0),',
            '  "words": frappe.utils.comma_and(["a", "b", "c"]),',
            '  "strip": frappe.utils.strip_html("<p>x</p>"),',
            '  "name": frappe.get_fullname("Administrator"),',
            '}',
          ].join('\n'),
        );
        assert.equal(answer.status, 200, answer.text);
        assert.deepEqual(answer.body['message'], {
          last: 'last one',
          has: [true, false],
          label: 'Text Editor',
          default_ok: true,
          no_default: null,
          url: 'https://erp.example.com/app/todo/x',
          days: 29,
          months: '2024-02-29',
          safe: 0,
          words: "'a', 'b' and 'c'",
          strip: 'x',
          name: 'Administrator',
        });
        const missing = await run('frappe.get_last_doc("ToDo", filters={"description": "none"})');
        assert.equal(missing.status, 404);
      });
    });

    describe('frappe.db.rollback', () => {
      it('undoes what the script wrote before it; later writes are kept', async () => {
        const answer = await run(
          [
            'frappe.get_doc({"doctype": "ToDo", "description": "rolled back"}).insert()',
            'frappe.call("script_api_test.note", text="rolled back too")',
            'frappe.db.rollback()',
            'frappe.get_doc({"doctype": "ToDo", "description": "after rollback"}).insert()',
          ].join('\n'),
        );
        assert.equal(answer.status, 200, answer.text);
        assert.equal((await todos('rolled back')).length, 0);
        assert.equal((await todos('rolled back too')).length, 0);
        assert.equal((await todos('after rollback')).length, 1);
      });

      it('is not available to DocType Event scripts', async () => {
        const saved = await call('/api/resource/Server Script', {
          method: 'POST',
          user: 'Administrator',
          body: {
            name: 'Event rollback',
            script_type: 'DocType Event',
            reference_doctype: 'Note',
            doctype_event: 'Before Save',
            script: 'frappe.db.rollback()',
          },
        });
        assert.equal(saved.status, 200, saved.text);
        const answer = await call('/api/resource/Note', {
          method: 'POST',
          user: 'Administrator',
          body: { title: 'event rollback' },
        });
        assert.equal(answer.status, 500, answer.text);
        assert.equal(answer.body['exc_type'], 'TypeError');
      });
    });

    describe('response types', () => {
      it('download sends the file, text or bytes', async () => {
        const text = await run(
          'frappe.response.type = "download"\nfrappe.response.filename = "hello.txt"\nfrappe.response.filecontent = "hello"',
        );
        assert.equal(text.status, 200);
        assert.equal(text.text, 'hello');
        assert.match(text.headers.get('content-type') ?? '', /^text\/plain/);
        assert.match(
          text.headers.get('content-disposition') ?? '',
          /^attachment; filename="hello.txt"/,
        );
        await apiScript(
          'Bytes',
          'bytes_download',
          'frappe.response.type = "download"\nfrappe.response.filename = "b.bin"\nfrappe.response.filecontent = bytes([0, 255, 1])\nfrappe.response.display_content_as = "inline"',
        );
        const bytes = await fetch(`${url}/api/method/bytes_download`, {
          headers: { [TEST_USER_HEADER]: 'Administrator' },
        });
        assert.equal(bytes.status, 200);
        assert.match(bytes.headers.get('content-disposition') ?? '', /^inline/);
        assert.deepEqual([...new Uint8Array(await bytes.arrayBuffer())], [0, 255, 1]);
      });

      it('csv uses doctype and result; redirect answers 302 with the location', async () => {
        const csv = await run(
          'frappe.response.type = "csv"\nfrappe.response.doctype = "Report"\nfrappe.response.result = "a,b\\n1,2\\n"',
        );
        assert.equal(csv.text, 'a,b\n1,2\n');
        assert.match(csv.headers.get('content-disposition') ?? '', /filename="Report.csv"/);
        const redirect = await run(
          'frappe.response.type = "redirect"\nfrappe.response.location = "/app/todo"',
          'GET',
        );
        assert.equal(redirect.status, 302);
        assert.equal(redirect.headers.get('location'), '/app/todo');
        const broken = await run('frappe.response.type = "download"');
        assert.equal(broken.status, 500);
        assert.equal(broken.body['exc_type'], 'KeyError');
      });
    });
  });
