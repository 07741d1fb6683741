// CPU time the server spends per request, in-process through Fastify's
// inject (no sockets), on a fresh SQLite bench site with 10k ToDo rows,
// beside the same floors as the HTTP bench (bench/lib/floor-app.ts) measured
// the same way in the same rounds. On a shared machine req/s follows the
// load; CPU time per request much less, and the ratio to a floor measured
// minutes apart less still, so this section is the one to compare between runs.
// Usage: node --import tsx bench/cpu.ts [requests=2000] [scenario,…] [rounds=3]
// With CORTADO_BENCH_PROFILE=<prefix>, the last round's Cortado requests of each
// scenario are also profiled, into <prefix>-<scenario>.cpuprofile (read them with
// bench/profile-summary.ts): the profile holds the measured requests only.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../packages/server/src/app.js';
import { createLogger } from '../packages/server/src/core/logger.js';
import type { BareRoute } from './lib/bare-routes.js';
import { createBenchSite, dropBenchSite } from './lib/bench-site.js';
import { buildFloorApp } from './lib/floor-app.js';
import type { LoadRequest } from './lib/load.js';
import { bareSources, buildScenarios } from './lib/scenarios.js';
import { sampleTodoNames, seedTodos } from './lib/seed-todos.js';
import { spread } from './lib/stats.js';

const count = Number(process.argv[2] ?? 2000);
const IDS = (
  process.argv[3] ?? 'ping,get-one,list-20,list-20-all,create-todo,create-todo-plain'
).split(',');
const ROUNDS = Number(process.argv[4] ?? 3);
const WARM_UP = 200;

type Send = (request: LoadRequest) => Promise<string>;

function sender(app: FastifyInstance, authorization: string): Send {
  return async (request) => {
    const res = await app.inject({
      method: request.method,
      url: request.path,
      headers: {
        authorization,
        ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(request.body === undefined ? {} : { payload: JSON.stringify(request.body) }),
    });
    if (res.statusCode >= 300) throw new Error(`${request.path}: ${res.statusCode} ${res.body}`);
    return res.body;
  };
}

const PROFILE = process.env['CORTADO_BENCH_PROFILE'];

/**
 * CPU µs per request of `count` requests, cycling through `requests`, after a
 * warm-up; with `profileTo`, a CPU profile of those requests is written there.
 */
async function cpuPerRequest(
  send: Send,
  requests: readonly LoadRequest[],
  profileTo?: string,
): Promise<number> {
  for (let i = 0; i < WARM_UP; i++) await send(requests[i % requests.length]!);
  const session = profileTo === undefined ? null : new Session();
  if (session !== null) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  const cpu = process.cpuUsage();
  for (let i = 0; i < count; i++) await send(requests[i % requests.length]!);
  const used = process.cpuUsage(cpu);
  if (session !== null && profileTo !== undefined) {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(profileTo, JSON.stringify(profile));
    session.disconnect();
  }
  return (used.user + used.system) / count;
}

const dir = mkdtempSync(join(tmpdir(), 'cortado-bench-cpu-'));
const bench = await createBenchSite(dir, 'sqlite');
try {
  await seedTodos(bench.site, 10_000, 'sqlite ToDo');
  const names = await sampleTodoNames(bench.site, 20);
  const scenarios = buildScenarios({
    readNames: names.slice(0, 10),
    updateNames: names.slice(10),
    customer: bench.customer,
    bearer: bench.bearer,
  });
  const app = await buildApp({
    sites: [bench.site],
    defaultSite: bench.site.name,
    logger: createLogger({ level: 'silent' }),
  });
  const sendCortado = sender(app, bench.authorization);
  // The bare routes answer with Cortado's own bodies, as in the HTTP bench.
  const bareRoutes: Record<string, BareRoute> = {};
  for (const [route, request] of Object.entries(bareSources(names[0]!)))
    bareRoutes[route] = { method: request.method, body: await sendCortado(request) };
  const floorApp = buildFloorApp(dir, bareRoutes);
  const sendFloor = sender(floorApp, bench.authorization);
  const byId = new Map(scenarios.map((scenario) => [scenario.id, scenario]));
  // The floor scenarios, the bare Fastify ones among them, as the HTTP bench runs them.
  const floorRequests = (id: string | undefined): readonly LoadRequest[] | undefined =>
    id === undefined ? undefined : byId.get(id)?.requests;

  const figures = new Map<string, { cortado: number[]; floor: number[]; bare: number[] }>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const id of IDS) {
      const scenario = byId.get(id);
      if (scenario === undefined) throw new Error(`no scenario ${id}`);
      const entry = figures.get(id) ?? { cortado: [], floor: [], bare: [] };
      figures.set(id, entry);
      const profileTo =
        PROFILE !== undefined && round === ROUNDS - 1 ? `${PROFILE}-${id}.cpuprofile` : undefined;
      entry.cortado.push(await cpuPerRequest(sendCortado, scenario.requests, profileTo));
      const floor = floorRequests(scenario.floor);
      if (floor !== undefined) entry.floor.push(await cpuPerRequest(sendFloor, floor));
      const bare = floorRequests(scenario.bare);
      if (bare !== undefined) entry.bare.push(await cpuPerRequest(sendFloor, bare));
      process.stderr.write(`round ${round + 1}/${ROUNDS} ${id} done\n`);
    }
  }
  const cell = (values: number[]) => (values.length === 0 ? '' : spread(values).median.toFixed(0));
  const ratio = (floor: number[], cortado: number[]) =>
    floor.length === 0 ? '' : (spread(floor).median / spread(cortado).median).toFixed(2);
  const lines = [
    '| scenario | Cortado CPU µs | driver floor µs | × driver | bare Fastify µs | × bare |',
    '|---|---:|---:|---:|---:|---:|',
    ...IDS.map((id) => {
      const { cortado, floor, bare } = figures.get(id)!;
      return `| ${id} | ${cell(cortado)} | ${cell(floor)} | ${ratio(floor, cortado)} | ${cell(bare)} | ${ratio(bare, cortado)} |`;
    }),
  ];
  await floorApp.close();
  await app.close();
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  await dropBenchSite(bench.site);
  rmSync(dir, { recursive: true, force: true });
}
