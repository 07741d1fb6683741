#!/usr/bin/env node
// Builds the browser bundle of @cortado/client with esbuild: an IIFE exposing
// `window.cortado` (dist/browser/cortado.min.js) and the same as an ES module
// (dist/browser/cortado.esm.js), and the upload helper as its own script
// (dist/browser/cortado-upload.min.js). Prints the minified and min+gzip sizes.
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
  // File upload is its own script (`window.cortadoUpload.uploadFile`), outside the core's budget.
  const upload = fileURLToPath(new URL('dist/browser/cortado-upload.min.js', root));
  await Promise.all([
    build({ ...common, format: 'iife', globalName: 'cortado', outfile: iife }),
    build({ ...common, format: 'esm', outfile: esm }),
    build({
      ...common,
      entryPoints: [fileURLToPath(new URL('src/upload.ts', root))],
      format: 'iife',
      globalName: 'cortadoUpload',
      outfile: upload,
    }),
  ]);
  const code = readFileSync(iife);
  const uploadCode = readFileSync(upload);
  return {
    iife,
    esm,
    code: code.toString('utf8'),
    minBytes: code.length,
    gzipBytes: gzipSync(code, { level: 9 }).length,
    upload: {
      path: upload,
      code: uploadCode.toString('utf8'),
      minBytes: uploadCode.length,
      gzipBytes: gzipSync(uploadCode, { level: 9 }).length,
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { iife, minBytes, gzipBytes, upload } = await buildBrowserBundle();
  const kb = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;
  console.log(`${iife}: ${kb(minBytes)} minified, ${kb(gzipBytes)} min+gzip`);
  console.log(`${upload.path}: ${kb(upload.minBytes)} minified, ${kb(upload.gzipBytes)} min+gzip`);
}
