#!/usr/bin/env node
// Runs test files with node's test runner in the order given, two at a time
// (CORTADO_TEST_CONCURRENCY sets another number):
// the spec reporter on stdout, scripts/file-times-reporter.mjs into a file.
// `node --test <files>` sorts the files it is given (Node 20 by path, later
// majors through their glob step), so the longest files could not be started
// first; `run({ files })` keeps the order on every major. Children inherit this
// process's exec arguments (`--conditions=development --import tsx` for a run
// from the sources). scripts/run-tests.mjs starts it.
// Usage: node scripts/test-driver.mjs <times-file> <test-file>…
import { createWriteStream } from 'node:fs';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import fileTimes from './file-times-reporter.mjs';

const [timesFile, ...files] = process.argv.slice(2);
if (timesFile === undefined || files.length === 0) {
  console.error('Usage: node scripts/test-driver.mjs <times-file> <test-file>…');
  process.exit(2);
}

const concurrency = Number(process.env['CORTADO_TEST_CONCURRENCY'] ?? 2);
if (!Number.isInteger(concurrency) || concurrency < 1) {
  console.error('CORTADO_TEST_CONCURRENCY must be a whole number of at least 1');
  process.exit(2);
}

const stream = run({ files, concurrency });
// A failing test or a file that crashed fails the run, as `node --test` exits;
// a failing `todo` test does not.
stream.on('test:fail', (data) => {
  if (data.todo === undefined || data.todo === false) process.exitCode = 1;
});
stream.compose(spec).pipe(process.stdout);
stream.compose(fileTimes).pipe(createWriteStream(timesFile));
