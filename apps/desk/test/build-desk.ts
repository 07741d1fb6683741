import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { sourceFile } from '@cortado/server/test/helpers/source-tree.js';

const ROOT = fileURLToPath(new URL('..', sourceFile(import.meta.url)));

/** A build of the Desk in a folder of the test's own, and what its first page load costs. */
export interface DeskBuild {
  readonly outDir: string;
  /** gzip size of the JavaScript index.html loads before anything else (entry and preloads). */
  readonly firstLoadGzipBytes: number;
}

/** Builds the Desk with its own Vite config into `outDir` (tests never share the checked-out dist/). */
export async function buildDesk(outDir: string): Promise<DeskBuild> {
  await build({
    root: ROOT,
    configFile: join(ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  return { outDir, firstLoadGzipBytes: firstLoadGzip(outDir) };
}

function firstLoadGzip(outDir: string): number {
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/(?:src|href)="\/app\/(assets\/[^"]+\.js)"/g)].map(
    (m) => m[1]!,
  );
  return scripts.reduce((sum, file) => sum + gzipSync(readFileSync(join(outDir, file))).length, 0);
}
