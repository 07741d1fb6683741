// Server Scripts: the round trip of a trivial API script beside a
// whitelisted TypeScript method doing the same work (one db.get_value), on
// one real listening server, sequential calls; and the idle memory cost of
// the sandbox pool: the server's RSS with scripts never run, then with a
// warm pool of 2 workers (their RSS added). Prints Markdown tables.
// Usage: node --import tsx bench/server-scripts.ts [calls=300]
import { readFileSync } from 'node:fs';
import { getValue } from '../packages/server/src/engine/query/index.js';
import type { AppDefinition } from '../packages/server/src/engine/runtime/app-definition.js';
import { insertDoc } from '../packages/server/src/engine/document.js';
import { withContext } from '../packages/server/src/engine/runtime/with-context.js';
import { scriptPool } from '../packages/server/src/features/server-scripts/index.js';
import { buildTestApp, TEST_USER_HEADER } from '../packages/server/test/helpers/build-test-app.js';

const calls = Number(process.argv[2] ?? 300);

const baselineApp: AppDefinition = {
  name: 'bench_scripts',
  version: '0.0.1',
  doctypes: [],
  methods: [
    {
      path: 'bench.ts_get_value',
      handler: (_args, ctx) => getValue(ctx, 'User', 'Administrator', 'full_name', false),
    },
  ],
};

/** Resident memory of a process in MB, from /proc. */
function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function timeCalls(url: string): Promise<{ p50: number; p99: number; mean: number }> {
  const headers = { [TEST_USER_HEADER]: 'Administrator', accept: 'application/json' };
  for (let i = 0; i < 20; i++) await (await fetch(url, { headers })).arrayBuffer(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const mean = times.reduce((sum, value) => sum + value, 0) / times.length;
  return { p50: percentile(times, 50), p99: percentile(times, 99), mean };
}

process.env['CORTADO_SERVER_SCRIPT_ENABLED'] = '1';
const t = await buildTestApp({ migrate: true, apps: [baselineApp] });
const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
globalThis.gc?.();
const disabledRss = rssMb(process.pid);

await withContext(t.site, 'Administrator', (ctx) =>
  insertDoc(ctx, {
    doctype: 'Server Script',
    name: 'Bench get value',
    script_type: 'API',
    api_method: 'bench.script_get_value',
    script:
      'frappe.response["message"] = frappe.db.get_value("User", "Administrator", "full_name")',
  }),
);
await scriptPool(t.site.config).warm();
const pids = scriptPool(t.site.config).stats().pids;
const serverRss = rssMb(process.pid);
const workersRss = pids.reduce((sum, pid) => sum + rssMb(pid), 0);

const baseline = await timeCalls(`${base}/api/method/bench.ts_get_value`);
const script = await timeCalls(`${base}/api/method/bench.script_get_value`);
await t.close();

const ms = (value: number) => value.toFixed(2);
console.log(`Round trip, ${calls} sequential calls (ms):\n`);
console.log('| method | mean | p50 | p99 | ratio (p50) |');
console.log('| --- | --- | --- | --- | --- |');
console.log(
  `| TypeScript whitelisted method | ${ms(baseline.mean)} | ${ms(baseline.p50)} | ${ms(baseline.p99)} | 1.00 |`,
);
console.log(
  `| API Server Script (Python) | ${ms(script.mean)} | ${ms(script.p50)} | ${ms(script.p99)} | ${(script.p50 / baseline.p50).toFixed(2)} |`,
);
console.log('\nIdle memory (RSS, MB):\n');
console.log('| state | server | workers | total |');
console.log('| --- | --- | --- | --- |');
console.log(
  `| scripts never run (no pool) | ${disabledRss.toFixed(0)} | 0 | ${disabledRss.toFixed(0)} |`,
);
console.log(
  `| warm pool of ${pids.length} | ${serverRss.toFixed(0)} | ${workersRss.toFixed(0)} | ${(serverRss + workersRss).toFixed(0)} |`,
);
