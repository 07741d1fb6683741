// Throughput against the number of server processes: GET one ToDo and POST a
// ToDo through `cortado serve --processes N`'s cluster with 1, 2 and N
// processes, beside the hand-written Fastify + driver routes run as the same
// cluster, per dialect. Rounds are interleaved (every cluster once per round)
// and the load driver runs in this process on the same machine, so its CPU
// share and the load average are reported beside the figures.
// `node --import tsx bench/scaling.ts [--dialects sqlite,postgres] [--processes 1,2,4]
//   [--seconds 5] [--rounds 3] [--connections 32]`
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { insertDoc } from '../packages/server/src/engine/document.js';
import { withContext } from '../packages/server/src/engine/runtime/with-context.js';
import type { DbType } from '../packages/server/src/platform/db/database.js';
import { createBenchSite, dropBenchSite } from './lib/bench-site.js';
import { treeCpuSeconds } from './lib/process-cpu.js';
import { startChild, type ServerChild } from './lib/child.js';
import { runLoad, type LoadRequest } from './lib/load.js';
import { spread } from './lib/stats.js';

const { values } = parseArgs({
  options: {
    dialects: { type: 'string', default: 'sqlite,postgres' },
    processes: {
      type: 'string',
      default: [...new Set([1, 2, availableParallelism(), 4])].sort((a, b) => a - b).join(','),
    },
    seconds: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '1' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '32' },
  },
});
const PROCESSES = values.processes.split(',').map(Number);
const SECONDS = Number(values.seconds);
const ROUNDS = Number(values.rounds);
const CONNECTIONS = Number(values.connections);

const CLUSTER = fileURLToPath(new URL('./lib/cluster-server.ts', import.meta.url));
const CORTADO = fileURLToPath(new URL('./server.ts', import.meta.url));
const FLOOR = fileURLToPath(new URL('./baseline-server.ts', import.meta.url));

interface Scenario {
  readonly id: 'get-one' | 'create';
  readonly cortado: (names: readonly string[]) => LoadRequest[];
  readonly floor: (names: readonly string[]) => LoadRequest[];
}

const SCENARIOS: readonly Scenario[] = [
  {
    id: 'get-one',
    cortado: (names) =>
      names.map((name) => ({ method: 'GET', path: `/api/resource/ToDo/${name}` })),
    floor: (names) => names.map((name) => ({ method: 'GET', path: `/todo/${name}` })),
  },
  {
    id: 'create',
    cortado: () => [{ method: 'POST', path: '/api/resource/ToDo', body: { description: 'bench' } }],
    floor: () => [{ method: 'POST', path: '/todo', body: { description: 'bench' } }],
  },
];

interface Cell {
  readonly rps: number[];
  /** Share of one core the load driver (this process) used while it ran. */
  readonly driverCpu: number[];
  /** Cores the server's processes used while it ran (Linux; empty elsewhere). */
  readonly serverCores: number[];
  failures: number;
}

async function measureDialect(dialect: DbType): Promise<string[]> {
  const sitesDir = mkdtempSync(join(tmpdir(), 'cortado-bench-scaling-'));
  const bench = await createBenchSite(sitesDir, dialect);
  const names: string[] = [];
  for (let i = 0; i < 10; i++)
    names.push(
      String(
        (
          await withContext(bench.site, 'Administrator', (ctx) =>
            insertDoc(ctx, { doctype: 'ToDo', description: `scaling ${i}` }),
          )
        ).name,
      ),
    );
  const servers = new Map<string, ServerChild>();
  try {
    for (const count of PROCESSES)
      for (const [kind, script] of [
        ['cortado', CORTADO],
        ['floor', FLOOR],
      ] as const) {
        process.stderr.write(`${dialect}: starting ${kind} with ${count} processes\n`);
        servers.set(
          `${kind}/${count}`,
          await startChild(CLUSTER, [script, String(count), sitesDir]),
        );
      }
    const cells = new Map<string, Cell>();
    const load = [loadavg()[0] ?? 0];
    for (let round = -1; round < ROUNDS; round++)
      for (const scenario of SCENARIOS)
        for (const count of PROCESSES)
          for (const kind of ['cortado', 'floor'] as const) {
            const server = servers.get(`${kind}/${count}`)!;
            const requests = scenario[kind](names);
            const headers = kind === 'cortado' ? { authorization: bench.authorization } : {};
            const warm = round < 0;
            const cpu = process.cpuUsage();
            const serverCpu = treeCpuSeconds(server.pid);
            const started = performance.now();
            const result = await runLoad(requests, {
              baseUrl: server.url,
              headers,
              connections: CONNECTIONS,
              seconds: warm ? Number(values.warmup) : SECONDS,
            });
            if (warm) continue;
            const used = process.cpuUsage(cpu);
            const elapsedMs = performance.now() - started;
            const serverUsed = treeCpuSeconds(server.pid);
            const key = `${scenario.id}/${kind}/${count}`;
            const cell = cells.get(key) ?? { rps: [], driverCpu: [], serverCores: [], failures: 0 };
            cell.rps.push(result.rps);
            cell.driverCpu.push((used.user + used.system) / 1000 / elapsedMs);
            if (serverCpu !== undefined && serverUsed !== undefined)
              cell.serverCores.push(((serverUsed - serverCpu) * 1000) / elapsedMs);
            cell.failures += result.failures;
            cells.set(key, cell);
            if (result.firstFailure) process.stderr.write(`${key}: ${result.firstFailure}\n`);
          }
    load.push(loadavg()[0] ?? 0);
    return rows(dialect, cells, load);
  } finally {
    for (const server of servers.values()) await server.stop();
    await dropBenchSite(bench.site);
    rmSync(sitesDir, { recursive: true, force: true });
  }
}

function rows(dialect: DbType, cells: Map<string, Cell>, load: number[]): string[] {
  const out: string[] = [];
  for (const scenario of SCENARIOS)
    for (const kind of ['cortado', 'floor'] as const) {
      const median = (count: number, of: 'rps' | 'driverCpu' | 'serverCores') =>
        spread(cells.get(`${scenario.id}/${kind}/${count}`)?.[of] ?? []).median;
      const figures = PROCESSES.map((count) => {
        const rps = median(count, 'rps');
        const factor = count === 1 ? '' : ` (×${(rps / median(1, 'rps')).toFixed(2)})`;
        const failures = cells.get(`${scenario.id}/${kind}/${count}`)?.failures;
        return `${Math.round(rps)}${factor}${failures ? `, ${failures} failed` : ''}`;
      });
      const cpu = PROCESSES.map((count) => Math.round(median(count, 'driverCpu') * 100));
      const cores = PROCESSES.map((count) => median(count, 'serverCores').toFixed(2));
      // Requests per core-second of the server, over 1 process's: what the
      // extra processes give per core they got, whatever share of the
      // machine the driver and the database left them.
      const perCore = (count: number) => median(count, 'rps') / median(count, 'serverCores');
      const efficiency = PROCESSES.slice(1).map((count) =>
        Number.isFinite(perCore(1)) && perCore(1) > 0
          ? `×${(perCore(count) / perCore(1)).toFixed(2)}`
          : '–',
      );
      out.push(
        `| ${dialect} | ${scenario.id} | ${kind === 'cortado' ? 'Cortado' : 'hand-written'} | ${figures.join(' | ')} | ${cores.join(' / ')} | ${efficiency.join(' / ')} | ${cpu.join(' / ')} % | ${load.map((value) => value.toFixed(1)).join(' → ')} |`,
      );
    }
  return out;
}

const dialects = values.dialects.split(',').map((d) => d.trim()) as DbType[];
const lines: string[] = [];
for (const dialect of dialects) lines.push(...(await measureDialect(dialect)));
const heads = PROCESSES.map((count) => `${count} process${count === 1 ? '' : 'es'} req/s`);
process.stdout.write(
  [
    `${availableParallelism()} cores; ${CONNECTIONS} connections, ${ROUNDS} interleaved rounds of ${SECONDS} s, medians; (×) = over 1 process of the same server. Server cores = CPU the server's processes used per second of the run; req/s per core = each count's requests per server core-second over 1 process's. Driver CPU = the load generator's share of one core, on the same machine.`,
    '',
    `| dialect | scenario | server | ${heads.join(' | ')} | server cores | req/s per core | driver CPU | load average |`,
    `|---|---|---|${PROCESSES.map(() => '---|').join('')}---|---|---|---|`,
    ...lines,
    '',
  ].join('\n'),
);
