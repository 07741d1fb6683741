#!/usr/bin/env node
// Runs a TypeScript entry point from the sources: `node scripts/run-sources.mjs <file.ts> [args…]`.
// Workspace packages export their compiled `dist/` by default (what `npm start` runs with
// plain node); the `development` export condition points them at `src/*.ts` instead. This
// turns that condition on here and, through NODE_OPTIONS, in every child process, and
// registers tsx to compile the sources on load.
import { register } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { register as registerTsx } from 'tsx/esm/api';

const DEVELOPMENT = '--conditions=development';

/** `env` with the development condition added to NODE_OPTIONS, for child processes. */
export function developmentEnv(env = process.env) {
  const options = env.NODE_OPTIONS ?? '';
  if (options.includes(DEVELOPMENT)) return env;
  return { ...env, NODE_OPTIONS: `${options} ${DEVELOPMENT}`.trim() };
}

/**
 * `env` without the development condition in NODE_OPTIONS, for processes that
 * run the compiled JavaScript with plain node (no tsx to load the sources).
 */
export function withoutDevelopment(env = process.env) {
  const options = env.NODE_OPTIONS ?? '';
  if (!options.includes(DEVELOPMENT)) return env;
  return { ...env, NODE_OPTIONS: options.split(DEVELOPMENT).join(' ').replace(/\s+/g, ' ').trim() };
}

/** True when this process already resolves workspace packages to their sources. */
export function resolvesSources() {
  return import.meta.resolve('@cortado/server').endsWith('.ts');
}

/** Imports `entry` (a file URL) with workspace packages resolved to their TypeScript sources. */
export async function runSources(entry) {
  process.env.NODE_OPTIONS = developmentEnv().NODE_OPTIONS;
  registerTsx();
  if (!resolvesSources()) register('./development-condition.mjs', import.meta.url);
  await import(entry.href);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const [entry] = process.argv.splice(2, 1);
  if (!entry) {
    console.error('Usage: node scripts/run-sources.mjs <file.ts> [args…]');
    process.exit(1);
  }
  // The entry sees its own path as argv[1], as if started directly.
  process.argv[1] = resolve(entry);
  await runSources(pathToFileURL(process.argv[1]));
}
