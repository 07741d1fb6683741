import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where a sandbox worker's code lives: the Pyodide package and our own worker files. */
export interface SandboxFiles {
  /** The folder of the `pyodide` npm package (interpreter, wasm and standard library). */
  readonly pyodideDir: string;
  /** The server package's `sandbox/` folder: the worker entry and its Python modules. */
  readonly sandboxDir: string;
  /** The worker entry script. */
  readonly workerEntry: string;
}

let cached: SandboxFiles | undefined;

/**
 * Locates the files a sandbox worker needs. Both ship with the installed
 * packages, so a worker never downloads anything.
 */
export function sandboxFiles(): SandboxFiles {
  if (cached !== undefined) return cached;
  const require = createRequire(import.meta.url);
  const pyodideDir = dirname(require.resolve('pyodide'));
  const sandboxDir = join(packageRoot(), 'sandbox');
  cached = { pyodideDir, sandboxDir, workerEntry: join(sandboxDir, 'python-worker.mjs') };
  return cached;
}

/** The server package's root, from the sources and from the compiled output alike. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && isServerManifest(manifest)) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('the @cortado/server package root was not found');
    dir = parent;
  }
}

function isServerManifest(path: string): boolean {
  return (JSON.parse(readFileSync(path, 'utf8')) as { name?: string }).name === '@cortado/server';
}
