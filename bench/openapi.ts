// OpenAPI document generation on a site with every DocType of the test
// fixtures (Frappe's and ERPNext's) besides the core ones: cold (built from
// metadata) and cached (the per-site, per-role-set cache), for Administrator
// and a Sales User. Baseline: JSON.stringify of the same document, which
// every uncached answer pays anyway.
// `node --import tsx bench/openapi.ts [runs=30]`
import { readdirSync, readFileSync } from 'node:fs';
import type { DocTypeJson } from '@cortado/protocol';
import { defaultMethods } from '../packages/server/src/app.js';
import type { Context } from '../packages/server/src/engine/context.js';
import { createAppRegistry } from '../packages/server/src/engine/runtime/app-registry.js';
import { createDocEventBus } from '../packages/server/src/engine/runtime/event-bus.js';
import type { Site } from '../packages/server/src/engine/site.js';
import {
  buildOpenApiDocument,
  openApiDocument,
  siteMethods,
} from '../packages/server/src/features/openapi/index.js';
import { loadMeta } from '../packages/server/src/model/load-meta.js';
import { createMetaRegistry } from '../packages/server/src/model/meta-cache.js';
import type { UnitOfWork } from '../packages/server/src/platform/db/database.js';
import { coreApp } from '../packages/server/src/sites/core-app.js';

const runs = Number(process.argv[2] ?? 30);
const FIXTURES = new URL('../packages/server/test/fixtures/doctypes/', import.meta.url);

function fixtureDocTypes(): DocTypeJson[] {
  return ['frappe', 'erpnext'].flatMap((folder) =>
    readdirSync(new URL(`${folder}/`, FIXTURES))
      .filter((file) => file.endsWith('.json'))
      .map(
        (file) =>
          JSON.parse(readFileSync(new URL(`${folder}/${file}`, FIXTURES), 'utf8')) as DocTypeJson,
      ),
  );
}

/** A site held in memory: generation reads metadata and apps only, never the database. */
function fixtureSite(): Site {
  const core = coreApp();
  const names = new Set(core.doctypes.map((json) => json.name));
  const extra = fixtureDocTypes().filter((json) => !names.has(json.name));
  const apps = [core, { name: 'fixtures', version: '0.0.0', doctypes: extra }];
  return {
    name: 'bench.localhost',
    path: '.',
    config: {} as Site['config'],
    db: {} as Site['db'],
    meta: createMetaRegistry(apps.flatMap((app) => app.doctypes).map(loadMeta)),
    apps: createAppRegistry(apps),
    events: createDocEventBus(),
  };
}

function contextFor(site: Site, user: string, roles: string[]): Context {
  return {
    site,
    user,
    roles: new Set(roles),
    uow: {} as UnitOfWork,
    flags: {},
    requestId: 'bench',
  };
}

function median(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function timeEach(count: number, fn: () => unknown): number[] {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    fn();
    times.push(performance.now() - started);
  }
  return times;
}

const site = fixtureSite();
const registry = defaultMethods();
const methods = siteMethods(registry, site);
const users: [string, Context][] = [
  ['Administrator', contextFor(site, 'Administrator', ['Administrator', 'All'])],
  [
    'Sales User',
    contextFor(site, 'seller@example.com', ['All', 'Guest', 'Desk User', 'Sales User']),
  ],
];
const lines = [
  `${site.meta.all().length} DocTypes, ${methods.length} methods; medians of ${runs} cold runs and ${runs * 100} cached calls.`,
  '',
  '| user | paths | size | cold ms | cached µs | stringify ms | cold × stringify | cached × stringify |',
  '|---|---:|---:|---:|---:|---:|---:|---:|',
];
for (const [label, ctx] of users) {
  const document = buildOpenApiDocument(ctx, methods);
  const cold = median(timeEach(runs, () => buildOpenApiDocument(ctx, methods)));
  const stringify = median(timeEach(runs, () => JSON.stringify(document)));
  openApiDocument(ctx, registry).json();
  const cached = median(timeEach(runs * 100, () => openApiDocument(ctx, registry).json()));
  const paths = Object.keys(document['paths'] as object).length;
  const size = `${(JSON.stringify(document).length / 1024).toFixed(0)} KiB`;
  lines.push(
    `| ${label} | ${paths} | ${size} | ${cold.toFixed(1)} | ${(cached * 1000).toFixed(1)} | ${stringify.toFixed(1)} | ${(cold / stringify).toFixed(2)} | ${(cached / stringify).toFixed(4)} |`,
  );
}
console.log(lines.join('\n'));
