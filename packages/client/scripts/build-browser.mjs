#!/usr/bin/env node
// Builds the browser bundle of @cortado/client with esbuild: an IIFE exposing
// `window.cortado` (dist/browser/cortado.min.js) and the same as an ES module
// (dist/browser/cortado.esm.js). Prints the minified and min+gzip sizes.
// Usage: node packages/client/scripts/build-browser.mjs
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url);

/** Builds both bundles; resolves with the IIFE's path, text and sizes in bytes. */
export async function buildBrowserBundle() {
  const iife = fileURLToPath(new URL('dist/browser/cortado.min.js', root));
  const esm = fileURLToPath(new URL('dist/browser/cortado.esm.js', root));
  const common = {
    entryPoints: [fileURLToPath(new URL('src/browser.ts', root))],
    bundle: true,
    minify: true,
    target: 'es2022',
    platform: 'browser',
    // Workspace packages resolve to their TypeScript sources, so no build of them is needed first.
    conditions: ['development'],
    legalComments: 'none',
  };
  await Promise.all([
    build({ ...common, format: 'iife', globalName: 'cortado', outfile: iife }),
    build({ ...common, format: 'esm', outfile: esm }),
  ]);
  const code = readFileSync(iife);
  return {
    iife,
    esm,
    code: code.toString('utf8'),
    minBytes: code.length,
    gzipBytes: gzipSync(code, { level: 9 }).length,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { iife, minBytes, gzipBytes } = await buildBrowserBundle();
  const kb = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;
  console.log(`${iife}: ${kb(minBytes)} minified, ${kb(gzipBytes)} min+gzip`);
}
