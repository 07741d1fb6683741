// Module resolve hook for the bench's server processes: a module of a
// workspace package's `src/` is loaded from the JavaScript `tsc -b` emitted
// into its `dist/src/`, as `cortado serve` runs it, while tsx still compiles
// the bench's own files. Without it the server under test would run the
// TypeScript sources through tsx, which a served site never does: tsx adds
// its loader's memory and compiles with name-keeping helpers that cost time
// on every call. `npm run bench` builds first (`tsc -b`), so dist/ is current.
// Registered by bench/lib/use-built-modules.mjs (`--import` it after tsx).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SOURCE = /\/packages\/([^/]+)\/src\/(.+)\.ts$/;

/** The compiled twin of a workspace source module, when there is one. */
function built(url) {
  if (!url.startsWith('file:')) return undefined;
  const match = SOURCE.exec(url);
  if (match === null) return undefined;
  const twin = url.replace(SOURCE, `/packages/$1/dist/src/$2.js`);
  return existsSync(fileURLToPath(twin)) ? twin : undefined;
}

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  const twin = built(resolved.url);
  return twin === undefined ? resolved : { ...resolved, url: twin, format: 'module' };
}
