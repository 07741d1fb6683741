#!/usr/bin/env node
// Runs every *.test.ts of the repository with node's test runner. By default it builds
// first (`tsc -b`; a type error fails the run) and runs the JavaScript tsc emitted for
// each test file (each project's dist/, the Desk's dist-tsc/) with plain node, as
// `npm start` runs the server: no tsx, no `development` export condition. `--sources`
// runs the TypeScript sources through tsx instead (export condition `development`,
// passed on to child processes), without building.
// The files are collected here, by their sources, and run in that order by scripts/test-driver.mjs.
// Before the run it installs the Debian packages the tests drive (scripts/ensure-test-tools.mjs).
// Usage: node scripts/run-tests.mjs [--sources] [--sqlite-only] [path-filter…]
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureTestTools } from './ensure-test-tools.mjs';
import { developmentEnv, withoutDevelopment } from './run-sources.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const SEARCH_ROOTS = [
  ['packages', ['src', 'test']],
  ['apps', ['']],
];

function collect(dir, out) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.'))
      continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) collect(path, out);
    else if (entry.name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

/**
 * The files that take longest (the "slowest files" a run names at its end),
 * longest first. scripts/test-driver.mjs starts files in the order given, two
 * at a time; started last, one of these would run alone at the end of the run
 * while the other slot idles. The list only orders: a stale entry costs a
 * little time, never a test.
 */
const LONG_RUNNING = [
  'packages/server/test/jobs/jobs.test.ts',
  'packages/server/test/scaling/cluster.test.ts',
  'packages/server/test/scaling/many-processes.test.ts',
  'packages/server/test/sandbox/python-sandbox.test.ts',
  'packages/server/test/http/security/hostile-corpus.test.ts',
  'packages/server/test/reliability/crash.test.ts',
  'apps/desk/test/desk.test.ts',
  'packages/server/test/jobs/scheduler.test.ts',
  'packages/server/test/webhooks/crash.test.ts',
  'packages/server/test/reliability/soak.test.ts',
  'packages/client/test/types-generate.test.ts',
  'packages/server/test/server-scripts/script-api.test.ts',
  'apps/demo-erp/test/openapi.test.ts',
  'packages/server/test/http/files/crash.test.ts',
  'packages/server/test/compat/seed-curl.test.ts',
  'packages/server/test/reliability/faults.test.ts',
  'packages/client/test/browser.test.ts',
  'packages/server/test/server-scripts/rate-limit-two-processes.test.ts',
  'packages/cli/test/cli-errors.test.ts',
];

function longestFirst(files) {
  const rank = (file) => {
    const index = LONG_RUNNING.indexOf(file.split(sep).join('/'));
    return index === -1 ? LONG_RUNNING.length : index;
  };
  return files
    .map((file, index) => ({ file, index }))
    .sort((a, b) => rank(a.file) - rank(b.file) || a.index - b.index)
    .map(({ file }) => file);
}

/**
 * Where `tsc -b` emits the source `file` (a path from the root): the same path
 * under its project's output folder, `dist/` (the Desk's is `dist-tsc/`, its
 * `dist/` being the Vite build), with `.js` for `.ts`.
 */
function compiledPath(file) {
  const [top, project, ...rest] = file.split(sep);
  const out = top === 'apps' && project === 'desk' ? 'dist-tsc' : 'dist';
  return join(top, project, out, ...rest).replace(/\.ts$/, '.js');
}

/** The source of a compiled test file (a path from the root), for what a run prints. */
function sourcePath(file) {
  const parts = file.split(sep);
  const out = parts.findIndex((part, index) => index >= 2 && /^dist(-tsc)?$/.test(part));
  if (out === -1 || !file.endsWith('.js')) return file;
  return parts
    .filter((_, index) => index !== out)
    .join(sep)
    .replace(/\.js$/, '.ts');
}

function testFiles() {
  const files = [];
  for (const [top, subdirs] of SEARCH_ROOTS) {
    const topDir = join(root, top);
    if (!existsSync(topDir)) continue;
    for (const pkg of readdirSync(topDir, { withFileTypes: true })) {
      if (!pkg.isDirectory()) continue;
      for (const sub of subdirs) {
        const dir = join(topDir, pkg.name, sub);
        if (existsSync(dir)) collect(dir, files);
      }
    }
  }
  return files.map((file) => relative(root, file)).sort();
}

/** Node's spec reporter ends with `ℹ pass N` / `ℹ fail N` lines; TAP with `# pass N`. */
function summarise(output) {
  const count = (label) => {
    const matches = [...output.matchAll(new RegExp(`^(?:ℹ|#) ${label} (\\d+)\\s*$`, 'gm'))];
    const last = matches.at(-1);
    return last ? Number(last[1]) : 0;
  };
  return `${count('pass')} passed, ${count('fail')} failed`;
}

/**
 * The names of the failed tests, each once (the spec reporter repeats them in its
 * closing "failing tests" section), so a log's tail names what failed.
 */
function failedTests(output) {
  const names = output
    .split('\n')
    .map((line) => /^\s*✖ (.+?)(?: \([\d.]+m?s\))?$/.exec(line)?.[1])
    .filter((name) => name !== undefined && name !== 'failing tests:');
  return [...new Set(names)];
}

const args = process.argv.slice(2);
const fromSources = args.includes('--sources');
const env = fromSources
  ? developmentEnv({ ...process.env })
  : withoutDevelopment({ ...process.env });
if (args.includes('--sqlite-only')) env.CORTADO_TEST_DIALECTS = 'sqlite';
// scrypt at N = 2^10 instead of 2^15 for the passwords tests set and log in with
// (docs/auth.md); a run may ask for another cost.
env.CORTADO_PASSWORD_HASH_COST ??= '10';
const filters = args.filter((arg) => !arg.startsWith('--'));
/** A filter matches a test file's source path or the path of its compiled JavaScript. */
const selected = (file) =>
  filters.some((filter) => {
    const fragment = filter.split('/').join(sep);
    return file.includes(fragment) || compiledPath(file).includes(fragment);
  });
const files = longestFirst(testFiles().filter((file) => filters.length === 0 || selected(file)));
if (files.length === 0) {
  console.error('No test files found.');
  process.exit(1);
}

/** `tsc -b`, its output shown; the run stops here when it fails. */
function build() {
  console.log('tsc -b (the tests run on its JavaScript; --sources runs them through tsx)');
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-b'], { cwd: root, stdio: 'inherit' });
  if (result.status === 0) return;
  const how = result.error?.message ?? result.signal ?? `exit code ${result.status}`;
  console.error(`tsc -b failed (${how}), so no test ran: fix the errors above.`);
  process.exit(1);
}

/** How many of the slowest files a run names at its end. */
const SLOWEST_SHOWN = 15;

/**
 * The files that took longest, from the lines of scripts/file-times-reporter.mjs,
 * under a heading with their count and the time of all files together.
 */
function slowestFiles(timesFile) {
  if (!existsSync(timesFile)) return [];
  const times = readFileSync(timesFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line))
    .sort((a, b) => b.ms - a.ms);
  if (times.length === 0) return [];
  const seconds = (ms) => (ms / 1000).toFixed(1);
  const total = times.reduce((sum, { ms }) => sum + ms, 0);
  return [
    `slowest files (of ${times.length}, ${seconds(total)} s in all):`,
    ...times.slice(0, SLOWEST_SHOWN).map(({ file, ms }) => {
      const path = sourcePath(isAbsolute(file) ? relative(root, file) : file);
      return `${seconds(ms).padStart(7)} s  ${path}`;
    }),
  ];
}

ensureTestTools();
let runFiles = files;
if (!fromSources) {
  build();
  runFiles = files.map(compiledPath);
  const missing = files.filter((_, index) => !existsSync(join(root, runFiles[index])));
  if (missing.length > 0) {
    console.error(`tsc -b emitted no JavaScript for:\n  ${missing.join('\n  ')}`);
    console.error('Include them in a project of tsconfig.json, or run with --sources.');
    process.exit(1);
  }
}
const scratch = mkdtempSync(join(tmpdir(), 'cortado-tests-'));
const timesFile = join(scratch, 'file-times.jsonl');
const child = spawn(
  process.execPath,
  [
    ...(fromSources ? ['--conditions=development', '--import', 'tsx'] : []),
    join(root, 'scripts', 'test-driver.mjs'),
    timesFile,
    ...runFiles,
  ],
  { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] },
);
let output = '';
child.stdout.on('data', (chunk) => {
  output += chunk;
  process.stdout.write(chunk);
});
child.on('close', (code, signal) => {
  const slowest = slowestFiles(timesFile);
  rmSync(scratch, { recursive: true, force: true });
  if (slowest.length > 0) console.log(slowest.join('\n'));
  for (const name of failedTests(output)) console.log(`failed: ${name}`);
  console.log(summarise(output));
  process.exit(code ?? (signal ? 1 : 0));
});
