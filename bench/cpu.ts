// CPU time the server spends per request, in-process through Fastify's
// inject (no sockets), on a fresh SQLite bench site with 10k ToDo rows.
// On a shared machine req/s follows the load; CPU time per request much
// less, so this section is the one to compare between runs.
// Usage: node --import tsx bench/cpu.ts [requests=2000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../packages/server/src/app.js';
import { createLogger } from '../packages/server/src/core/logger.js';
import { createBenchSite, dropBenchSite } from './lib/bench-site.js';
import type { LoadRequest } from './lib/load.js';
import { buildScenarios } from './lib/scenarios.js';
import { sampleTodoNames, seedTodos } from './lib/seed-todos.js';

const count = Number(process.argv[2] ?? 2000);
const IDS = ['ping', 'get-one', 'list-20', 'list-20-all', 'create-todo', 'create-todo-plain'];

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
  const send = async (request: LoadRequest) => {
    const res = await app.inject({
      method: request.method,
      url: request.path,
      headers: {
        authorization: bench.authorization,
        ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(request.body === undefined ? {} : { payload: JSON.stringify(request.body) }),
    });
    if (res.statusCode >= 300) throw new Error(`${request.path}: ${res.statusCode} ${res.body}`);
  };
  const lines = ['| scenario | CPU µs per request | wall µs per request |', '|---|---:|---:|'];
  for (const id of IDS) {
    const requests = scenarios.find((scenario) => scenario.id === id)?.requests ?? [];
    for (let i = 0; i < 200; i++) await send(requests[i % requests.length]!);
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (let i = 0; i < count; i++) await send(requests[i % requests.length]!);
    const used = process.cpuUsage(cpu);
    const wall = ((performance.now() - started) * 1000) / count;
    lines.push(
      `| ${id} | ${((used.user + used.system) / count).toFixed(0)} | ${wall.toFixed(0)} |`,
    );
    process.stderr.write(`${id} done\n`);
  }
  await app.close();
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  await dropBenchSite(bench.site);
  rmSync(dir, { recursive: true, force: true });
}
