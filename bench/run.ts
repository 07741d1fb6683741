// `npm run bench`: Cortado's HTTP scenarios against their floors on SQLite
// and PostgreSQL; writes bench/results/<timestamp>.{json,md,svg}.
// Options (all optional):
//   --dialects sqlite,postgres   --rows 10000,100000 (env BENCH_ROWS)   --full (adds 1M rows)
//   --seconds 3   --warmup 1   --rounds 3   --connections 32   --only get-one,create-todo
//   --profile (CPU profile of the Cortado process into bench/results/profiles/)
//   --with engine,startup,auth,… (run bench/<name>.ts as an extra section afterwards;
//   --full runs all of them: engine, webhooks, jobs, auth, rate-limit, startup, files, openapi, realtime, server-scripts)
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { DbType } from '../packages/server/src/platform/db/database.js';
import { runHttpBench, type HttpBenchOptions } from './lib/http-bench.js';
import {
  checkSections,
  FULL_SECTIONS,
  runSection,
  sectionsMarkdown,
  type SectionResult,
} from './lib/sections.js';
import { markdownReport } from './report/markdown.js';
import { svgChart } from './report/svg-chart.js';

const { values } = parseArgs({
  options: {
    dialects: { type: 'string', default: 'sqlite,postgres' },
    rows: { type: 'string' },
    full: { type: 'boolean', default: false },
    seconds: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '1' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '32' },
    only: { type: 'string' },
    profile: { type: 'boolean', default: false },
    with: { type: 'string', default: '' },
  },
});

const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));

function numbers(list: string): number[] {
  return list.split(',').map((item) => {
    const value = Number(item.trim());
    if (!Number.isInteger(value) || value <= 0)
      throw new Error(`not a positive integer: '${item}'`);
    return value;
  });
}

function rowSizes(): number[] {
  const explicit = values.rows ?? process.env['BENCH_ROWS'];
  const sizes = explicit === undefined ? [10_000, 100_000] : numbers(explicit);
  if (values.full && !sizes.includes(1_000_000)) sizes.push(1_000_000);
  return sizes.sort((a, b) => a - b);
}

function options(): HttpBenchOptions {
  const profileDir = `${RESULTS}profiles`;
  return {
    dialects: values.dialects.split(',').map((d) => d.trim()) as DbType[],
    rows: rowSizes(),
    seconds: Number(values.seconds),
    warmupSeconds: Number(values.warmup),
    rounds: Number(values.rounds),
    connections: Number(values.connections),
    ...(values.only === undefined ? {} : { only: new Set(values.only.split(',')) }),
    ...(values.profile ? { profileDir } : {}),
  };
}

/** Sections asked for with `--with`, plus all of them under `--full`, each once. */
function sectionNames(): string[] {
  const asked = values.with
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  return [...new Set([...asked, ...(values.full ? FULL_SECTIONS : [])])];
}

/** Each section on the run's dialects and duration where it takes them. */
function sectionArgs(name: string, opts: HttpBenchOptions): string[] {
  if (name === 'engine' || name === 'webhooks') return ['--dialects', opts.dialects.join(',')];
  if (name === 'auth' || name === 'rate-limit') return [String(opts.seconds)];
  return [];
}

const opts = options();
const sectionList = sectionNames();
checkSections(sectionList);
const started = new Date();
const { results, memory } = await runHttpBench(opts);
const stamp = started.toISOString().replace(/[:.]/g, '-');
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}`;
const header = [
  `# Cortado bench ${started.toISOString()}`,
  '',
  `${machine}; ${opts.connections} connections, ${opts.warmupSeconds} s warm-up, ${opts.rounds} interleaved rounds of ${opts.seconds} s; medians (min–max). × bare = Cortado req/s over a bare Fastify route returning the same JSON; × driver = over the hand-written Fastify + driver route.`,
].join('\n');
const markdown = markdownReport(header, results, memory);
mkdirSync(RESULTS, { recursive: true });
writeFileSync(`${RESULTS}${stamp}.md`, markdown);
writeFileSync(
  `${RESULTS}${stamp}.svg`,
  svgChart(`Cortado bench ${started.toISOString()}`, results),
);
process.stdout.write(markdown);
const sections: SectionResult[] = sectionList.map((name) =>
  runSection(name, sectionArgs(name, opts)),
);
if (sections.length > 0) appendFileSync(`${RESULTS}${stamp}.md`, sectionsMarkdown(sections));
const json = {
  started,
  machine,
  options: { ...opts, only: values.only },
  results,
  memory,
  sections,
};
writeFileSync(`${RESULTS}${stamp}.json`, `${JSON.stringify(json, null, 1)}\n`);
if (sections.some((section) => section.failure !== undefined)) process.exitCode = 1;
process.stdout.write(`\nWritten: bench/results/${stamp}.{json,md,svg}\n`);
