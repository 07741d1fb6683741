// Per-request cost of authentication, in one run against one real listening
// server process (SQLite site, sessions in the database): /api/method/ping
// unauthenticated, with `Authorization: token key:secret` and with a cookie
// session; then GET of one document with the API key beside the same GET with
// an OAuth Bearer token (password grant), whose target is within 10%.
// Prints Markdown tables.
// Usage: node --import tsx bench/auth.ts [seconds=5] [connections=10]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createSite } from '../packages/server/src/sites/create-site.js';
import { JANE, seedAuthFixtures } from '../packages/server/test/http/auth/auth.fixtures.js';
import { addClient } from '../packages/server/test/http/oauth/oauth.fixtures.js';

const seconds = Number(process.argv[2] ?? 5);
const connections = Number(process.argv[3] ?? 10);
const SERVE = fileURLToPath(
  new URL('../packages/server/test/http/auth/serve-site.ts', import.meta.url),
);

interface Row {
  readonly name: string;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
}

const dir = mkdtempSync(join(tmpdir(), 'cortado-bench-auth-'));
const name = 'bench-auth.localhost';
const { site } = await createSite(dir, name, {
  adminPassword: 'bench-Pass-1',
  config: { db_type: 'sqlite' },
});
await seedAuthFixtures(site, { allow_consecutive_login_attempts: '0' });
const oauthClient = await addClient({ site }, { client_id: 'bench-client' });
await site.db.close();

const child = spawn(process.execPath, ['--import', 'tsx', SERVE, dir, name], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise<string>((resolve) => {
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    const port = /port=(\d+)/.exec(output)?.[1];
    if (port !== undefined) resolve(`http://127.0.0.1:${port}`);
  });
});

try {
  const login = await fetch(`${url}/api/method/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ usr: JANE.user, pwd: JANE.pwd }),
  });
  const sid = /sid=(\w+)/.exec(login.headers.get('set-cookie') ?? '')?.[1] ?? '';
  const variants: Array<[string, Record<string, string>]> = [
    ['unauthenticated (Guest)', {}],
    ['token key:secret', { authorization: `token ${JANE.key}:${JANE.secret}` }],
    ['cookie session', { cookie: `sid=${sid}` }],
  ];
  // Two interleaved rounds, best of each: JIT warm-up and a busy machine otherwise favour whoever runs last.
  const best = new Map<string, Row>();
  for (let round = 0; round < 2; round++) {
    for (const [label, headers] of variants) {
      const row = await measure(label, headers);
      if ((best.get(label)?.rps ?? 0) < row.rps) best.set(label, row);
    }
  }
  printTable([...best.values()]);
  await benchGetOne();
} finally {
  child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}

/** GET one ToDo with the API key and with a Bearer token, interleaved, best of two each. */
async function benchGetOne(): Promise<void> {
  const token = { authorization: `token ${JANE.key}:${JANE.secret}` };
  const created = await fetch(`${url}/api/resource/ToDo`, {
    method: 'POST',
    headers: { ...token, 'content-type': 'application/json' },
    body: JSON.stringify({ description: 'bench' }),
  });
  const todo = ((await created.json()) as { data: { name: string } }).data.name;
  const grant = await fetch(`${url}/api/method/frappe.integrations.oauth2.get_token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      username: JANE.user,
      password: JANE.pwd,
      client_id: 'bench-client',
      client_secret: oauthClient.secret,
      scope: 'all',
    }).toString(),
  });
  const accessToken = ((await grant.json()) as { access_token?: string }).access_token;
  if (accessToken === undefined) throw new Error(`password grant failed: ${grant.status}`);
  const variants: Array<[string, Record<string, string>]> = [
    ['token key:secret', token],
    ['Bearer (OAuth 2.0)', { authorization: `Bearer ${accessToken}` }],
  ];
  const best = new Map<string, Row>();
  for (let round = 0; round < 2; round++) {
    for (const [label, headers] of variants) {
      const row = await measure(label, headers, `/api/resource/ToDo/${todo}`);
      if ((best.get(label)?.rps ?? 0) < row.rps) best.set(label, row);
    }
  }
  const [byToken, byBearer] = [...best.values()];
  console.log(`\nGET /api/resource/ToDo/<name>, ${connections} connections, ${seconds} s each\n`);
  console.log('| auth | req/s | p50 ms | p99 ms | errors |');
  console.log('|---|---:|---:|---:|---:|');
  for (const row of best.values())
    console.log(
      `| ${row.name} | ${row.rps.toFixed(0)} | ${row.p50} | ${row.p99} | ${row.errors} |`,
    );
  if (byToken !== undefined && byBearer !== undefined)
    console.log(
      `\nBearer / token throughput: ${(byBearer.rps / byToken.rps).toFixed(3)} (target: 0.9 or more)`,
    );
}

async function measure(
  label: string,
  headers: Record<string, string>,
  path = '/api/method/ping',
): Promise<Row> {
  const options = { url: `${url}${path}`, headers, connections };
  await autocannon({ ...options, duration: 1 }); // warm-up
  const result = await autocannon({ ...options, duration: seconds });
  return {
    name: label,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

function printTable(rows: readonly Row[]): void {
  const base = rows[0];
  console.log(
    `\n/api/method/ping, ${connections} connections, ${seconds} s each, one server process (SQLite)\n`,
  );
  console.log(
    'Guest responses carry the five Guest cookies; token responses carry none (auth.md B-12).\n',
  );
  console.log('| auth | req/s | p50 ms | p99 ms | extra µs per request | errors |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const row of rows) {
    // Server time per request is 1/rps at saturation; the difference is what auth adds.
    const extra =
      base === undefined || row === base ? '—' : ((1 / row.rps - 1 / base.rps) * 1e6).toFixed(0);
    console.log(
      `| ${row.name} | ${row.rps.toFixed(0)} | ${row.p50} | ${row.p99} | ${extra} | ${row.errors} |`,
    );
  }
}
