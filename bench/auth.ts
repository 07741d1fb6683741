// Per-request cost of authentication on /api/method/ping, in one run against
// one real listening server process (SQLite site, sessions in the database):
// unauthenticated, `Authorization: token key:secret`, and a cookie session.
// Prints a Markdown table.
// Usage: node --import tsx bench/auth.ts [seconds=5] [connections=10]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createSite } from '../packages/server/src/sites/create-site.js';
import { JANE, seedAuthFixtures } from '../packages/server/test/http/auth/auth.fixtures.js';

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
} finally {
  child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}

async function measure(label: string, headers: Record<string, string>): Promise<Row> {
  const options = { url: `${url}/api/method/ping`, headers, connections };
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
