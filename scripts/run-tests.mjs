#!/usr/bin/env node
// Runs every *.test.ts of the repository with node's test runner and tsx, on the
// TypeScript sources (export condition `development`, passed on to child processes).
// Node 20's `--test` takes no globs, so the files are collected here.
// Before the run it installs the Debian packages the tests drive (scripts/ensure-test-tools.mjs).
// Usage: node scripts/run-tests.mjs [--sqlite-only] [path-filter…]
import { spawn } from 'node:child_process';
import { readdirSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureTestTools } from './ensure-test-tools.mjs';
import { developmentEnv } from './run-sources.mjs';

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
const env = developmentEnv({ ...process.env });
if (args.includes('--sqlite-only')) env.CORTADO_TEST_DIALECTS = 'sqlite';
const filters = args.filter((arg) => !arg.startsWith('--'));
const files = testFiles().filter(
  (file) => filters.length === 0 || filters.some((f) => file.includes(f.split('/').join(sep))),
);
if (files.length === 0) {
  console.error('No test files found.');
  process.exit(1);
}

/** How many of the slowest files a run names at its end. */
const SLOWEST_SHOWN = 15;

/** The files that took longest, from the lines of scripts/file-times-reporter.mjs. */
function slowestFiles(timesFile) {
  if (!existsSync(timesFile)) return [];
  const times = readFileSync(timesFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
  return times
    .sort((a, b) => b.ms - a.ms)
    .slice(0, SLOWEST_SHOWN)
    .map(({ file, ms }) => {
      const path = isAbsolute(file) ? relative(root, file) : file;
      return `${(ms / 1000).toFixed(1).padStart(7)} s  ${path}`;
    });
}

ensureTestTools();
const scratch = mkdtempSync(join(tmpdir(), 'cortado-tests-'));
const timesFile = join(scratch, 'file-times.jsonl');
const child = spawn(
  process.execPath,
  [
    '--conditions=development',
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=2',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    `--test-reporter=${join(root, 'scripts', 'file-times-reporter.mjs')}`,
    `--test-reporter-destination=${timesFile}`,
    ...files,
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
  if (slowest.length > 0) console.log(['slowest files:', ...slowest].join('\n'));
  for (const name of failedTests(output)) console.log(`failed: ${name}`);
  console.log(summarise(output));
  process.exit(code ?? (signal ? 1 : 0));
});
