import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { DbType } from '../../packages/server/src/platform/db/database.js';
import { BARE_ROUTES_ENV, captureBareRoutes } from './bare-routes.js';
import { createBenchSite, dropBenchSite, type BenchSite } from './bench-site.js';
import { startChild, type ServerChild } from './child.js';
import { runLoad, type LoadResult } from './load.js';
import { bareSources, buildScenarios, type Scenario } from './scenarios.js';
import { sampleTodoNames, seedTodos } from './seed-todos.js';
import { spread, type Spread } from './stats.js';

export interface HttpBenchOptions {
  readonly dialects: readonly DbType[];
  /** Table sizes, ascending; the table grows from one to the next. */
  readonly rows: readonly number[];
  readonly seconds: number;
  readonly warmupSeconds: number;
  readonly rounds: number;
  readonly connections: number;
  /** Scenario ids to run (default all). */
  readonly only?: ReadonlySet<string>;
  /** Write a CPU profile of the Cortado process here. */
  readonly profileDir?: string;
}

export interface ScenarioResult {
  readonly dialect: DbType;
  readonly rows: number;
  readonly id: string;
  readonly title: string;
  readonly target: Scenario['target'];
  readonly floor?: string;
  readonly bare?: string;
  readonly rps: Spread;
  readonly p50: Spread;
  readonly p99: Spread;
  /** The machine's 1-minute load average at the end of each round's run of the scenario. */
  readonly load: Spread;
  readonly failures: number;
}

/** Cortado's RSS in bytes at the checkpoints the targets name. */
export interface MemoryResult {
  readonly dialect: DbType;
  readonly idle: number;
  readonly afterWarmup: number;
  readonly afterRun: number;
  readonly peak: number;
}

interface Servers {
  readonly cortado: ServerChild;
  readonly baseline: ServerChild;
  readonly authorization: string;
}

const here = (file: string) => fileURLToPath(new URL(`../${file}`, import.meta.url));

async function startServers(
  sitesDir: string,
  bench: BenchSite,
  readName: string,
  options: HttpBenchOptions,
): Promise<Servers> {
  const profile =
    options.profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`];
  const cortado = await startChild(here('server.ts'), [sitesDir], { execArgv: profile });
  const bareRoutes = await captureBareRoutes(
    cortado.url,
    bench.authorization,
    bareSources(readName),
  );
  const baseline = await startChild(here('baseline-server.ts'), [sitesDir], {
    env: { [BARE_ROUTES_ENV]: JSON.stringify(bareRoutes) },
  });
  return { cortado, baseline, authorization: bench.authorization };
}

async function measure(
  scenario: Scenario,
  servers: Servers,
  options: HttpBenchOptions,
  seconds: number,
): Promise<LoadResult> {
  return runLoad(scenario.requests, {
    baseUrl: servers[scenario.target].url,
    headers: { authorization: servers.authorization },
    connections: options.connections,
    seconds,
  });
}

/**
 * Refreshes planner statistics after a write scenario, as autovacuum would
 * between bursts (it is off on the local test server and naps 60 s anyway):
 * a few seconds of POST ToDo put thousands of unassigned Open rows at the top
 * of `modified`, and on stale statistics PostgreSQL keeps scanning
 * `tabToDo_modified` backwards through all of them for list-20 (see
 * docs/benchmarks.md). Not timed.
 */
async function afterWrites(bench: BenchSite, scenario: Scenario): Promise<void> {
  if (scenario.writes === true) await bench.site.db.dialect.analyze?.(bench.site.db.kysely);
}

/** Reads first in each round: writes grow the table the reads are measured on. */
function roundOrder(scenarios: readonly Scenario[]): Scenario[] {
  return [
    ...scenarios.filter((s) => s.writes !== true),
    ...scenarios.filter((s) => s.writes === true),
  ];
}

async function benchSize(
  bench: BenchSite,
  servers: Servers,
  rows: number,
  options: HttpBenchOptions,
  afterWarmup: () => Promise<void>,
): Promise<ScenarioResult[]> {
  const names = await sampleTodoNames(bench.site, 20);
  const scenarios = roundOrder(
    buildScenarios({
      readNames: names.slice(0, 10),
      updateNames: names.slice(10),
      customer: bench.customer,
      bearer: bench.bearer,
    }).filter((scenario) => options.only?.has(scenario.id) ?? true),
  );
  for (const scenario of scenarios) {
    await measure(scenario, servers, options, options.warmupSeconds);
    await afterWrites(bench, scenario);
  }
  await afterWarmup();
  const samples = new Map<string, Sample[]>(scenarios.map((s) => [s.id, []]));
  for (let round = 1; round <= options.rounds; round++) {
    for (const scenario of scenarios) {
      const result = await measure(scenario, servers, options, options.seconds);
      const load = loadavg()[0] ?? 0;
      await afterWrites(bench, scenario);
      samples.get(scenario.id)?.push({ ...result, load });
      log(
        `${bench.site.db.type} ${rows} round ${round}/${options.rounds} ${scenario.id}: ${result.rps.toFixed(0)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, load ${load.toFixed(1)}${result.failures ? `, ${result.failures} failures, first: ${result.firstFailure ?? '?'}` : ''}`,
      );
    }
  }
  return scenarios.map((scenario) =>
    summarise(bench.site.db.type, rows, scenario, samples.get(scenario.id) ?? []),
  );
}

/** One round's figures of a scenario and the machine's load beside them. */
interface Sample extends LoadResult {
  readonly load: number;
}

function summarise(
  dialect: DbType,
  rows: number,
  scenario: Scenario,
  results: readonly Sample[],
): ScenarioResult {
  return {
    dialect,
    rows,
    id: scenario.id,
    title: scenario.title,
    target: scenario.target,
    ...(scenario.floor === undefined ? {} : { floor: scenario.floor }),
    ...(scenario.bare === undefined ? {} : { bare: scenario.bare }),
    rps: spread(results.map((r) => r.rps)),
    p50: spread(results.map((r) => r.p50)),
    p99: spread(results.map((r) => r.p99)),
    load: spread(results.map((r) => r.load)),
    failures: results.reduce((sum, r) => sum + r.failures, 0),
  };
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** Every size on one dialect: one site, one Cortado process, one floor process. */
async function benchDialect(dialect: DbType, options: HttpBenchOptions) {
  const sitesDir = mkdtempSync(join(tmpdir(), 'cortado-bench-'));
  const bench = await createBenchSite(sitesDir, dialect);
  let servers: Servers | undefined;
  try {
    const results: ScenarioResult[] = [];
    let idle = 0;
    let warm = 0;
    for (const rows of options.rows) {
      await seedTodos(bench.site, rows, `${dialect} ToDo`);
      if (servers === undefined) {
        const [first] = await sampleTodoNames(bench.site, 1);
        servers = await startServers(sitesDir, bench, first ?? '', options);
        await sleep(1000);
        idle = (await servers.cortado.rss()).rss;
      }
      const running = servers;
      results.push(
        ...(await benchSize(bench, running, rows, options, async () => {
          if (warm === 0) warm = (await running.cortado.rss()).rss;
        })),
      );
    }
    const end = servers === undefined ? { rss: 0, peak: 0 } : await servers.cortado.rss();
    const memory: MemoryResult = {
      dialect,
      idle,
      afterWarmup: warm,
      afterRun: end.rss,
      peak: end.peak,
    };
    return { results, memory };
  } finally {
    await servers?.cortado.stop();
    await servers?.baseline.stop();
    await dropBenchSite(bench.site);
    rmSync(sitesDir, { recursive: true, force: true });
  }
}

/** The HTTP scenarios on every dialect and size, in the order given. */
export async function runHttpBench(options: HttpBenchOptions) {
  const results: ScenarioResult[] = [];
  const memory: MemoryResult[] = [];
  for (const dialect of options.dialects) {
    const run = await benchDialect(dialect, options);
    results.push(...run.results);
    memory.push(run.memory);
  }
  return { results, memory };
}
