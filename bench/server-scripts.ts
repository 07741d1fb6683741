// Server Scripts: the round trip of a trivial API script beside a
// whitelisted TypeScript method doing the same work (one db.get_value), on
// one real listening server; and the idle memory cost of the sandbox pool:
// the server's RSS with scripts never run, then with a warm pool of 2
// workers (their RSS added). Prints Markdown tables.
//
// The two methods are called interleaved (TypeScript, script, TypeScript, …)
// in rounds, each round reported with the machine's load average, so that
// load from other processes hits both alike and the ratio stays comparable
// on a busy machine. The time the server spent waiting for the sandbox
// (`PythonPool.run`, both process hops included) is reported beside it.
// Latency on a loaded machine is mostly waiting for a CPU, and a script call
// needs its worker scheduled twice more than a TypeScript call; the CPU time
// each call costs (server process, workers added for scripts) does not
// depend on the load, so it is measured too, in blocks of one method each.
// Usage: node --import tsx bench/server-scripts.ts [calls=300] [rounds=6]
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { getValue } from '../packages/server/src/engine/query/index.js';
import type { AppDefinition } from '../packages/server/src/engine/runtime/app-definition.js';
import { insertDoc } from '../packages/server/src/engine/document.js';
import { withContext } from '../packages/server/src/engine/runtime/with-context.js';
import { scriptPool } from '../packages/server/src/features/server-scripts/index.js';
import { buildTestApp, TEST_USER_HEADER } from '../packages/server/test/helpers/build-test-app.js';

const calls = Number(process.argv[2] ?? 300);
const rounds = Number(process.argv[3] ?? 6);

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

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** CPU time (user + system) of another process in ms, from /proc (clock ticks of 10 ms). */
function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
}

const headers = { [TEST_USER_HEADER]: 'Administrator', accept: 'application/json' };

async function timeCall(url: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(url, { headers });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  return performance.now() - started;
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
const pool = scriptPool(t.site.config);
await pool.warm();
const pids = pool.stats().pids;
const serverRss = rssMb(process.pid);
const workersRss = pids.reduce((sum, pid) => sum + rssMb(pid), 0);

// The server's wait on the sandbox, per script call (measured around the pool).
const sandboxTimes: number[] = [];
const run = pool.run.bind(pool);
pool.run = async (...args) => {
  const started = performance.now();
  try {
    return await run(...args);
  } finally {
    sandboxTimes.push(performance.now() - started);
  }
};

const tsUrl = `${base}/api/method/bench.ts_get_value`;
const scriptUrl = `${base}/api/method/bench.script_get_value`;
for (let i = 0; i < 30; i++) {
  await timeCall(tsUrl);
  await timeCall(scriptUrl);
}
sandboxTimes.length = 0;

interface Round {
  readonly load: number;
  readonly ts: number[];
  readonly script: number[];
}
const results: Round[] = [];
const perRound = Math.max(1, Math.round(calls / rounds));
for (let r = 0; r < rounds; r++) {
  const round: Round = { load: loadavg()[0] ?? 0, ts: [], script: [] };
  for (let i = 0; i < perRound; i++) {
    // Alternate which goes first, so neither always follows the other.
    if (i % 2 === 0) {
      round.ts.push(await timeCall(tsUrl));
      round.script.push(await timeCall(scriptUrl));
    } else {
      round.script.push(await timeCall(scriptUrl));
      round.ts.push(await timeCall(tsUrl));
    }
  }
  results.push(round);
}
// CPU per call: a block of each method alone, so each block's CPU is its own.
const cpuCalls = Math.max(200, calls);
async function cpuPerCall(target: string, pidsToAdd: readonly number[]): Promise<number> {
  const others = () => pidsToAdd.reduce((sum, pid) => sum + processCpuMs(pid), 0);
  const [ownBefore, othersBefore] = [ownCpuMs(), others()];
  for (let i = 0; i < cpuCalls; i++) await timeCall(target);
  return (ownCpuMs() - ownBefore + others() - othersBefore) / cpuCalls;
}
const tsCpu = await cpuPerCall(tsUrl, []);
const scriptCpu = await cpuPerCall(scriptUrl, pids);
await t.close();

const ms = (value: number) => value.toFixed(2);
const ts = results.flatMap((round) => round.ts);
const script = results.flatMap((round) => round.script);
const loads = results.map((round) => round.load);
console.log(
  `Round trip, ${rounds} rounds of ${perRound} calls of each, interleaved (ms); ` +
    `load average (1 min) ${ms(Math.min(...loads))}–${ms(Math.max(...loads))} on ${cpus().length} CPUs:\n`,
);
console.log('| method | mean | p50 | p99 | ratio (p50) |');
console.log('| --- | --- | --- | --- | --- |');
console.log(
  `| TypeScript whitelisted method | ${ms(mean(ts))} | ${ms(percentile(ts, 50))} | ${ms(percentile(ts, 99))} | 1.00 |`,
);
console.log(
  `| API Server Script (Python) | ${ms(mean(script))} | ${ms(percentile(script, 50))} | ${ms(percentile(script, 99))} | ${(percentile(script, 50) / percentile(ts, 50)).toFixed(2)} |`,
);
console.log(
  `| of which the sandbox (PythonPool.run) | ${ms(mean(sandboxTimes))} | ${ms(percentile(sandboxTimes, 50))} | ${ms(percentile(sandboxTimes, 99))} | |`,
);
console.log(
  `\nCPU time per call, ${cpuCalls} calls of each (ms; the bench's HTTP client runs in the server process, for both): ` +
    `TypeScript ${ms(tsCpu)}, script ${ms(scriptCpu)} (server and workers), ratio ${(scriptCpu / tsCpu).toFixed(2)}.`,
);
console.log('\nPer round:\n');
console.log(
  '| round | load average (1 min) | TypeScript p50 | script p50 | ratio (p50) | script p99 |',
);
console.log('| --- | --- | --- | --- | --- | --- |');
results.forEach((round, index) => {
  const tsP50 = percentile(round.ts, 50);
  const scriptP50 = percentile(round.script, 50);
  console.log(
    `| ${index + 1} | ${ms(round.load)} | ${ms(tsP50)} | ${ms(scriptP50)} | ${(scriptP50 / tsP50).toFixed(2)} | ${ms(percentile(round.script, 99))} |`,
  );
});
console.log('\nIdle memory (RSS, MB):\n');
console.log('| state | server | workers | total |');
console.log('| --- | --- | --- | --- |');
console.log(
  `| scripts never run (no pool) | ${disabledRss.toFixed(0)} | 0 | ${disabledRss.toFixed(0)} |`,
);
console.log(
  `| warm pool of ${pids.length} | ${serverRss.toFixed(0)} | ${workersRss.toFixed(0)} | ${(serverRss + workersRss).toFixed(0)} |`,
);
