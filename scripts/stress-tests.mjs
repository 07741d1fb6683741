#!/usr/bin/env node
// The flakiness proof: runs the whole test suite several times in a row while busy
// workers keep every core loaded, and reports each run's summary. Exits 1 if any run fails.
// Usage: node scripts/stress-tests.mjs [--runs=N] [--workers=N] [run-tests arguments…]
//   default 3 runs, one busy worker per core; other arguments (`--sqlite-only`, path
//   filters) go to scripts/run-tests.mjs; CORTADO_TEST_DIALECTS chooses the databases.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';

const RUN_TESTS = fileURLToPath(new URL('./run-tests.mjs', import.meta.url));
const SUMMARY = /^\d+ passed, \d+ failed$/;

function option(name, fallback) {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  const value = arg ? Number(arg.slice(name.length + 3)) : fallback;
  if (!Number.isInteger(value) || value < 0) {
    console.error(`--${name} takes a whole number`);
    process.exit(2);
  }
  return value;
}

const runs = option('runs', 3);
const workers = option('workers', availableParallelism());
const passOn = process.argv
  .slice(2)
  .filter((arg) => !arg.startsWith('--runs=') && !arg.startsWith('--workers='));

/** A thread spinning on the CPU until terminated; threads end with this process, whatever kills it. */
function busyWorker() {
  return new Worker('for (;;) Math.sqrt(Math.random());', { eval: true });
}

/** Runs the suite once, its output passed through; its summary line and exit code. */
function runSuite() {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [RUN_TESTS, ...passOn], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let last = '';
    let pending = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (SUMMARY.test(line.trim())) last = line.trim();
    });
    child.on('close', (code, signal) => {
      if (SUMMARY.test(pending.trim())) last = pending.trim();
      resolve({ summary: last || 'no summary', ok: code === 0 && last !== '' });
      void signal;
    });
  });
}

const load = Array.from({ length: workers }, busyWorker);
const results = [];
const started = Date.now();
try {
  for (let run = 1; run <= runs; run++) {
    console.log(`\n== stress run ${run} of ${runs} (${workers} busy workers)`);
    const runStart = Date.now();
    const result = await runSuite();
    results.push({ ...result, seconds: Math.round((Date.now() - runStart) / 1000) });
  }
} finally {
  await Promise.all(load.map((worker) => worker.terminate()));
}

console.log(
  `\n== stress: ${runs} runs with ${workers} busy workers, ${Math.round((Date.now() - started) / 1000)} s`,
);
results.forEach((r, i) =>
  console.log(`run ${i + 1}: ${r.summary} (${r.seconds} s)${r.ok ? '' : '  FAILED'}`),
);
const failed = results.filter((r) => !r.ok).length;
console.log(failed === 0 ? `all ${runs} runs passed` : `${failed} of ${runs} runs failed`);
process.exit(failed === 0 ? 0 : 1);
