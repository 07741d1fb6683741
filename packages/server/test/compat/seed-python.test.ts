import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../helpers/dialects.js';
import { INTEGRATION_USER, startCompatServer, type CompatServer } from './compat-server.js';
import { runCommand } from './run-command.js';
import { DEBIAN_PYTHON } from '../helpers/debian-python.js';
import { sourceFile } from '../helpers/source-tree.js';

/*
 * The seed's Python examples (shared/seed/erpnext-api-patterns.txt), kept as
 * plain `requests` scripts in ./python, run with python3 against a real
 * listening server. Each script prints one JSON report; the base URL and the
 * credentials come from the environment, as an integration would read them.
 */

const SCRIPTS = fileURLToPath(new URL('./python/', sourceFile(import.meta.url)));

type Report = Record<string, any>;

async function runScript(server: CompatServer, script: string): Promise<Report> {
  const result = await runCommand(DEBIAN_PYTHON, [join(SCRIPTS, script)], {
    CORTADO_URL: server.url,
    CORTADO_API_KEY: server.apiKey,
    CORTADO_API_SECRET: server.apiSecret,
    CORTADO_USER: INTEGRATION_USER.email,
    CORTADO_PASSWORD: INTEGRATION_USER.password,
  });
  assert.equal(result.code, 0, `${script} failed:\n${result.stderr}\n${result.stdout}`);
  return JSON.parse(result.stdout) as Report;
}

for (const dialect of DIALECTS) {
  describe(`seed Python examples on ${dialect}`, () => {
    let server: CompatServer;
    before(async () => void (server = await startCompatServer(dialect)));
    after(async () => server?.close());

    it('token auth: every filter example of the seed on /api/resource', async () => {
      const report = await runScript(server, 'resource_token.py');
      const customers = (label: string) => {
        assert.equal(report[label].status, 200, label);
        return report[label].customers;
      };
      assert.deepEqual(customers('status_equals'), ['Alpha', 'Delta']);
      assert.deepEqual(customers('amount_greater'), ['Beta', 'Delta', 'Gamma']);
      assert.deepEqual(customers('status_in'), ['Alpha', 'Beta', 'Delta']);
      assert.deepEqual(customers('date_between'), ['Alpha', 'Beta']);
      assert.deepEqual(customers('reference_is_set'), ['Alpha', 'Gamma']);
    });

    it('token auth: create, read, update, delete, child rows and paging', async () => {
      const report = await runScript(server, 'resource_token.py');
      assert.deepEqual(report.create, {
        status: 200,
        description: 'Follow up from Python',
        priority: 'High',
      });
      assert.equal(report.read.status, 200);
      assert.deepEqual(report.update, { status: 200, todo_status: 'Closed' });
      assert.deepEqual(report.delete, { status: 202, body: { data: 'ok' } });
      assert.deepEqual(report.read_deleted, { status: 404, exc_type: 'DoesNotExistError' });
      assert.deepEqual(report.create_with_children, { status: 200, items: ['Bolt', 'Nut'] });
      assert.deepEqual(report.update_children, {
        status: 200,
        items: [
          ['Bolt', 11],
          ['Washer', 1],
        ],
      });
      assert.deepEqual(report.page, { status: 200, rows: 2 });
    });

    it('RPC: POST /api/method/my_app.api.my_function with a JSON body, and its GET/form forms', async () => {
      const report = await runScript(server, 'rpc_method.py');
      assert.deepEqual(report.post_json, { status: 200, body: { message: { result: 'value' } } });
      assert.deepEqual(report.get_query, { status: 200, message: { result: 'value' } });
      assert.deepEqual(report.post_form, { status: 200, message: { result: 'value' } });
      assert.deepEqual(report.missing_argument, { status: 417, exc_type: 'FrappeTypeError' });
      assert.deepEqual(report.ping, { message: 'pong' });
    });

    it('session: requests.Session() logs in, reads /api/resource/User, logs out', async () => {
      const report = await runScript(server, 'session_login.py');
      assert.equal(report.login.status, 200);
      assert.equal(report.login.body.message, 'Logged In');
      assert.equal(report.login.body.full_name, 'Integration');
      for (const cookie of ['sid', 'user_id', 'full_name', 'system_user'])
        assert.ok(
          report.login.cookies.includes(cookie),
          `cookie ${cookie} in ${report.login.cookies}`,
        );
      assert.equal(report.users.status, 200);
      assert.ok(report.users.names.includes(INTEGRATION_USER.email), String(report.users.names));
      assert.equal(report.logged_user, INTEGRATION_USER.email);
      assert.equal(report.logout, 200);
      assert.deepEqual(report.after_logout, { status: 403, exc_type: 'PermissionError' });
      assert.equal(report.wrong_password.status, 401);
      assert.equal(report.wrong_password.body.exc_type, 'AuthenticationError');
    });

    it('errors: exc_type and _server_messages decoded the way the seed shows', async () => {
      const report = await runScript(server, 'error_messages.py');
      const expected: Record<string, [number, string, RegExp]> = {
        mandatory: [417, 'MandatoryError', /Value missing for Integration Order: customer/],
        validation: [417, 'ValidationError', /Bogus/],
        not_found: [404, 'DoesNotExistError', /IO-99999 not found/],
        guest: [403, 'PermissionError', /Integration Order/],
      };
      for (const [label, [status, excType, message]] of Object.entries(expected)) {
        assert.equal(report[label].status, status, label);
        assert.equal(report[label].exc_type, excType, label);
        assert.equal(
          report[label].encoded_twice,
          true,
          `${label}: each message is a JSON string (Frappe's encoding)`,
        );
        assert.match(report[label].messages[0] ?? '', message, label);
      }
      assert.deepEqual(report.bad_token, { status: 401, exc_type: 'AuthenticationError' });
      assert.equal(report.unknown_method.status, 417);
    });
  });
}
