import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../helpers/dialects.js';
import { INTEGRATION_USER, startCompatServer, type CompatServer } from './compat-server.js';
import { frappeClientCheckout, frappeClientMissing } from './frappe-client-source.js';
import { runCommand } from './run-command.js';

/*
 * Frappe's own Python client, the `frappeclient` package, imported unchanged
 * from a checkout of its repository, drives a real listening server: login
 * and logout through `cmd`, every `frappe.client.*` call it makes through the
 * legacy `POST /` dispatch, and the REST calls it makes on /api/resource.
 */

const DRIVER = fileURLToPath(new URL('./python/frappe_client_api.py', import.meta.url));

type Report = Record<string, any>;

let packageRoot: string;
let cleanup: () => Promise<void> = async () => {};

const missing = frappeClientMissing();

before(async () => {
  if (missing !== undefined) return;
  const dir = await mkdtemp(join(tmpdir(), 'cortado-frappeclient-'));
  cleanup = () => rm(dir, { recursive: true, force: true });
  packageRoot = await frappeClientCheckout(dir);
});
after(() => cleanup());

async function runDriver(server: CompatServer): Promise<Report> {
  const result = await runCommand('python3', [DRIVER], {
    PYTHONPATH: packageRoot,
    CORTADO_URL: server.url,
    CORTADO_API_KEY: server.apiKey,
    CORTADO_API_SECRET: server.apiSecret,
    CORTADO_USER: INTEGRATION_USER.email,
    CORTADO_PASSWORD: INTEGRATION_USER.password,
  });
  assert.equal(result.code, 0, `frappe-client driver failed:\n${result.stderr}\n${result.stdout}`);
  return JSON.parse(result.stdout) as Report;
}

for (const dialect of DIALECTS) {
  describe(`frappe-client (Python) on ${dialect}`, { skip: missing ?? false }, () => {
    let server: CompatServer;
    let report: Report;
    before(async () => {
      server = await startCompatServer(dialect);
      report = await runDriver(server);
    });
    after(async () => server?.close());

    it('logs in and out through cmd=login / cmd=logout', () => {
      assert.deepEqual(report.wrong_password, { raised: 'AuthError' });
      assert.equal(report.logged_user, INTEGRATION_USER.email);
      assert.equal(report.ping_post, 'pong');
      assert.deepEqual(report.after_logout, { returned: null }, 'Guest: 403 without a user');
    });

    it('reads lists and documents over /api/resource', () => {
      assert.deepEqual(report.get_list, [
        'Book the meeting',
        'Call the customer',
        'Send the quotation',
      ]);
      assert.equal(report.get_list_page, 1);
      assert.deepEqual(report.get_list_star, ['content', 'creation', 'docstatus']);
      assert.equal(report.get_doc, 'From frappe-client');
      assert.equal(report.get_doc_filters.length, 1);
      assert.equal(report.get_doc_filters[0].priority, 'High');
    });

    it('inserts and updates with a form-encoded data field', () => {
      assert.deepEqual(report.insert, { description: 'From frappe-client', priority: 'High' });
      assert.equal(report.update, 'Updated by frappe-client');
    });

    it('runs get_value, set_value, insert_many, bulk_update and delete through POST /', () => {
      assert.deepEqual(report.get_value, { description: 'Updated by frappe-client' });
      assert.equal(typeof report.get_value_default.name, 'string');
      assert.equal(report.set_value, 'Low');
      assert.equal(report.insert_many, 2);
      assert.equal(report.bulk_update_failed, 1, 'the unknown docname is reported, not fatal');
      assert.equal(report.bulk_update_status, 'Closed');
      assert.equal(report.delete, null, 'delete returns nothing, as on Frappe');
      assert.deepEqual(report.delete_again, { returned: null });
    });

    it('submits, cancels and renames', () => {
      assert.equal(report.submit, 1);
      assert.equal(report.cancel, 2);
      assert.equal(report.cancelled_status, 2);
      assert.equal(report.rename_doc, 'II-RENAMED');
      assert.equal(report.renamed_reads, 'Beta');
    });

    it('answers a missing document, an unknown cmd and a private function with their statuses', () => {
      assert.deepEqual(report.missing_doc, { returned: null });
      assert.equal(report.unknown_cmd, 417);
      assert.equal(report.private_cmd, 403);
    });

    it('authenticates with an API key and secret (Basic)', () => {
      assert.equal(report.api_key_user, INTEGRATION_USER.email);
      assert.deepEqual(report.api_key_get_value, { customer: 'Alpha' });
    });
  });
}
