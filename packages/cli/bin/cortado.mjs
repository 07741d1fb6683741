#!/usr/bin/env node
// The installed `cortado` binary. Runs the compiled JavaScript (`npm run build`) with plain
// node, unless this process resolves workspace packages to their TypeScript sources
// (`--conditions=development`, as the tests and `npm run cortado` do) or nothing is built
// yet: then it runs the sources through tsx.
import { existsSync } from 'node:fs';

const built = new URL('../dist/src/bin.js', import.meta.url);
const fromSources = import.meta.resolve('@cortado/cli').endsWith('.ts') || !existsSync(built);
if (fromSources) {
  const { runSources } = await import('../../../scripts/run-sources.mjs');
  await runSources(new URL('../src/bin.ts', import.meta.url));
} else {
  await import(built.href);
}
