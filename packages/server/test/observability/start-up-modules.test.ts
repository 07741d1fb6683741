import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { it } from 'node:test';

/**
 * Packages a served site loads only when a request needs them; each would
 * add megabytes to every idle process (docs/benchmarks.md, *Idle RSS*).
 */
const LOADED_ON_FIRST_USE = [
  'sharp',
  'sanitize-html',
  '@tus/server',
  '@tus/file-store',
  'tar',
  '@fastify/otel',
  'socket.io',
  'cron-parser',
  'csv-stringify',
  '@tus/utils',
  '@fastify/ajv-compiler',
  '@fastify/fast-json-stringify-compiler',
  'jose',
  'otpauth',
  'nunjucks',
  'ioredis',
  'bullmq',
  '@aws-sdk/client-s3',
  'pg',
  'mysql2',
];

/** Reports every package resolved through ESM, and at the end those in the CommonJS cache. */
const HOOK = `
import { writeSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  const match = /\\/node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(result.url);
  if (match) writeSync(1, 'package ' + match[1] + '\\n');
  return result;
}`;
const REGISTER = `import { register } from 'node:module'; register(${JSON.stringify(
  `data:text/javascript,${encodeURIComponent(HOOK)}`,
)});`;
const APP = new URL('../../src/app.js', import.meta.url).href;
const LOGGER = new URL('../../src/core/logger.js', import.meta.url).href;
const CHILD = `
import { createRequire } from 'node:module';
const { buildApp } = await import(${JSON.stringify(APP)});
const { createLogger } = await import(${JSON.stringify(LOGGER)});
const app = await buildApp({ sites: [], logger: createLogger({ level: 'silent' }) });
await app.ready();
for (const file of Object.keys(createRequire(import.meta.url).cache)) {
  const match = /\\/node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(file);
  if (match) process.stdout.write('package ' + match[1] + '\\n');
}
await app.close();`;

it('an app starts without the packages only some requests need', async () => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '--import',
      'tsx',
      '--import',
      `data:text/javascript,${encodeURIComponent(REGISTER)}`,
      '--input-type=module',
      '--eval',
      CHILD,
    ],
    { timeout: 120_000 },
  );
  const loaded = new Set(
    stdout
      .split('\n')
      .filter((line) => line.startsWith('package '))
      .map((line) => line.slice('package '.length)),
  );
  assert.ok(loaded.has('fastify') && loaded.has('kysely'), `the hook saw the app load:\n${stdout}`);
  assert.deepEqual(
    LOADED_ON_FIRST_USE.filter((name) => loaded.has(name)),
    [],
  );
});
