import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../helpers/dialects.js';
import { INTEGRATION_USER, startCompatServer, type CompatServer } from './compat-server.js';
import { runCommand } from './run-command.js';

/*
 * The seed's requests as curl command lines, run through bash against a real
 * listening server with the credentials in the environment ($URL, $API_KEY,
 * $API_SECRET, $USR, $PWD_). Every curl reports its status on stderr; the
 * bodies it prints are checked as JSON.
 */

interface CurlScenario {
  readonly name: string;
  /** Bash with curl command lines; each printed body on its own line. */
  readonly script: string;
  /** Status of each curl, in order. */
  readonly statuses: readonly number[];
  /** Checks on the bodies printed (one JSON value per line). */
  readonly check?: (bodies: any[]) => void;
}

const TOKEN = `-H "Authorization: token $API_KEY:$API_SECRET" -H "Accept: application/json"`;
const JSON_BODY = `-H "Content-Type: application/json"`;

/** GET Integration Orders matching one of the seed's filter examples, customers in order. */
function filterScenario(filters: string, customers: string[]): CurlScenario {
  return {
    name: `filters=${filters}`,
    script: `curl -G "$URL/api/resource/Integration%20Order" ${TOKEN} --data-urlencode 'filters=${filters}' --data-urlencode 'fields=["customer"]' --data-urlencode 'order_by=customer asc'`,
    statuses: [200],
    check: ([body]) =>
      assert.deepEqual(body, { data: customers.map((customer) => ({ customer })) }),
  };
}

/** The error body the seed shows: exc_type, and `_server_messages` a JSON string of JSON-encoded messages. */
function assertErrorBody(body: any, excType: string, message: RegExp): void {
  assert.equal(body.exc_type, excType);
  assert.equal(typeof body._server_messages, 'string');
  const decoded = (JSON.parse(body._server_messages) as string[]).map(
    (item) => JSON.parse(item) as { message: string },
  );
  assert.match(decoded[0]?.message ?? '', message);
}

const SCENARIOS: readonly CurlScenario[] = [
  {
    name: 'token auth: list ToDo',
    script: `curl "$URL/api/resource/ToDo" ${TOKEN}`,
    statuses: [200],
    check: ([body]) => assert.equal(body.data.length, 3),
  },
  {
    name: 'token auth as Basic: list ToDo',
    script: `curl -u "$API_KEY:$API_SECRET" "$URL/api/resource/ToDo" -H "Accept: application/json"`,
    statuses: [200],
    check: ([body]) => assert.equal(body.data.length, 3),
  },
  filterScenario('[["status", "=", "Open"]]', ['Alpha', 'Delta']),
  filterScenario('[["amount", ">", 1000]]', ['Beta', 'Delta', 'Gamma']),
  filterScenario('[["status", "in", ["Open", "Pending"]]]', ['Alpha', 'Beta', 'Delta']),
  filterScenario('[["date", "between", ["2024-01-01", "2024-12-31"]]]', ['Alpha', 'Beta']),
  filterScenario('[["reference", "is", "set"]]', ['Alpha', 'Gamma']),
  {
    name: 'RPC: POST /api/method/my_app.api.my_function with a JSON body',
    script: `curl -X POST "$URL/api/method/my_app.api.my_function" ${TOKEN} ${JSON_BODY} -d '{"param1": "value1", "param2": "value2"}'`,
    statuses: [200],
    check: ([body]) => assert.deepEqual(body, { message: { result: 'value' } }),
  },
  {
    name: 'create, read, update and delete a document with child rows',
    script: [
      `curl -X POST "$URL/api/resource/Integration%20Order" ${TOKEN} ${JSON_BODY} -d '{"customer": "Curl Inc", "amount": 70, "items": [{"item": "Pipe", "qty": 7, "rate": 10}]}' > created.json`,
      'cat created.json; name=$(jq -r .data.name created.json)',
      `echo; curl "$URL/api/resource/Integration%20Order/$name" ${TOKEN}`,
      `echo; curl -X PUT "$URL/api/resource/Integration%20Order/$name" ${TOKEN} ${JSON_BODY} -d '{"status": "Closed", "items": [{"item": "Valve", "qty": 1, "rate": 70}]}'`,
      `echo; curl -X DELETE "$URL/api/resource/Integration%20Order/$name" ${TOKEN}`,
      `echo; curl "$URL/api/resource/Integration%20Order/$name" ${TOKEN}`,
    ].join('\n'),
    statuses: [200, 200, 200, 202, 404],
    check: ([created, read, updated, deleted, gone]) => {
      assert.equal(read.data.name, created.data.name);
      assert.equal(read.data.customer, 'Curl Inc');
      assert.deepEqual(
        read.data.items.map((row: any) => [row.item, row.qty, row.parent]),
        [['Pipe', 7, read.data.name]],
      );
      assert.equal(updated.data.status, 'Closed');
      assert.deepEqual(
        updated.data.items.map((row: any) => row.item),
        ['Valve'],
      );
      assert.deepEqual(deleted, { data: 'ok' });
      assertErrorBody(gone, 'DoesNotExistError', /not found/);
    },
  },
  {
    name: 'session: login with a cookie jar, then /api/resource/User',
    script: [
      `curl -c jar.txt -X POST "$URL/api/method/login" ${JSON_BODY} -H "Accept: application/json" -d "{\\"usr\\": \\"$USR\\", \\"pwd\\": \\"$PWD_\\"}"`,
      `echo; curl -b jar.txt "$URL/api/resource/User" -H "Accept: application/json"`,
      `echo; curl -b jar.txt -X POST "$URL/api/method/logout" -H "Accept: application/json"`,
    ].join('\n'),
    statuses: [200, 200, 200],
    check: ([login, users]) => {
      assert.equal(login.message, 'Logged In');
      assert.ok(users.data.some((row: any) => row.name === INTEGRATION_USER.email));
    },
  },
  {
    name: 'no credentials: Guest is refused with 403 PermissionError',
    script: `curl "$URL/api/resource/Integration%20Order" -H "Accept: application/json"`,
    statuses: [403],
    check: ([body]) => assertErrorBody(body, 'PermissionError', /Integration Order/),
  },
  {
    name: 'wrong secret: 401',
    script: `curl "$URL/api/resource/ToDo" -H "Authorization: token $API_KEY:wrong" -H "Accept: application/json"`,
    statuses: [401],
    check: ([body]) => assert.equal(body.exc_type, 'AuthenticationError'),
  },
  {
    name: 'unknown OAuth bearer token: 401',
    script: `curl "$URL/api/resource/ToDo" -H "Authorization: Bearer not-a-token" -H "Accept: application/json"`,
    statuses: [401],
    check: ([body]) => assert.equal(body.exc_type, 'AuthenticationError'),
  },
  {
    name: 'missing mandatory field: 417 MandatoryError',
    script: `curl -X POST "$URL/api/resource/Integration%20Order" ${TOKEN} ${JSON_BODY} -d '{"status": "Open"}'`,
    statuses: [417],
    check: ([body]) =>
      assertErrorBody(body, 'MandatoryError', /Value missing for Integration Order: customer/),
  },
  {
    name: 'invalid Select value: 417 ValidationError',
    script: `curl -X POST "$URL/api/resource/Integration%20Order" ${TOKEN} ${JSON_BODY} -d '{"customer": "X", "status": "Bogus"}'`,
    statuses: [417],
    check: ([body]) => assertErrorBody(body, 'ValidationError', /Bogus/),
  },
  {
    name: 'unknown document: 404 DoesNotExistError',
    script: `curl "$URL/api/resource/ToDo/does-not-exist" ${TOKEN}`,
    statuses: [404],
    check: ([body]) => assertErrorBody(body, 'DoesNotExistError', /does-not-exist/),
  },
];

const STATUS = /HTTP_STATUS (\d{3})/g;

for (const dialect of DIALECTS) {
  describe(`seed curl examples on ${dialect}`, () => {
    let server: CompatServer;
    let workDir: string;
    before(async () => {
      workDir = await mkdtemp(join(tmpdir(), 'cortado-curl-'));
      server = await startCompatServer(dialect);
    });
    after(async () => {
      await server?.close();
      await rm(workDir, { recursive: true, force: true });
    });

    for (const scenario of SCENARIOS)
      it(scenario.name, () => runScenario(server, workDir, scenario));
  });
}

async function runScenario(
  server: CompatServer,
  workDir: string,
  scenario: CurlScenario,
): Promise<void> {
  const script = [
    'set -e -o pipefail',
    `cd ${JSON.stringify(workDir)}`,
    `curl() { command curl -sS -w '%{stderr}HTTP_STATUS %{http_code}\\n' "$@"; }`,
    scenario.script,
  ].join('\n');
  const result = await runCommand('bash', ['-c', script], {
    URL: server.url,
    API_KEY: server.apiKey,
    API_SECRET: server.apiSecret,
    USR: INTEGRATION_USER.email,
    PWD_: INTEGRATION_USER.password,
  });
  const report = `${scenario.script}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`;
  assert.equal(result.code, 0, report);
  const statuses = [...result.stderr.matchAll(STATUS)].map((match) => Number(match[1]));
  assert.deepEqual(statuses, scenario.statuses, report);
  const bodies = result.stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as unknown);
  scenario.check?.(bodies);
}
