/*
 * The tests run either as what `tsc -b` emitted (`node scripts/run-tests.mjs`,
 * each project's `dist/`) or from the TypeScript sources through tsx (`--sources`).
 * What tsc does not emit (fixtures, Python scripts, docs, the scripts/ folder,
 * the `cortado` bin) stays in the source tree; these name it from either.
 */
import { nodeArgs, siblingModule } from '../../src/core/sibling-module.js';

export { nodeArgs, siblingModule };

/** True when this run is tsc's output, false when tsx runs the `.ts` sources. */
export const COMPILED = !import.meta.url.endsWith('.ts');

/** The output folders of the TypeScript projects (the Desk's `dist/` is its Vite build). */
const OUTPUT_DIRS = ['/dist/', '/dist-tsc/'];

/**
 * The source file of the module at `url` (its `import.meta.url`): itself when
 * tsx runs the sources; for emitted JavaScript, the `.ts` it was compiled
 * from, the same path without the project's output folder. Files beside the
 * sources resolve against it: `new URL('./python/x.py', sourceFile(import.meta.url))`.
 */
export function sourceFile(url: string): URL {
  const { href } = new URL(url);
  if (href.endsWith('.ts')) return new URL(href);
  const at = Math.max(...OUTPUT_DIRS.map((dir) => href.lastIndexOf(dir)));
  const dir = OUTPUT_DIRS.find((d) => href.startsWith(d, at));
  if (dir === undefined || !href.endsWith('.js')) throw new Error(`${href} is not emitted by tsc`);
  return new URL(`${href.slice(0, at)}/${href.slice(at + dir.length, -'.js'.length)}.ts`);
}

/** The repository's root folder, in the source tree. */
export const REPO_ROOT = new URL('../../../../', sourceFile(import.meta.url));

/** The file at `path` (from the repository's root) in the source tree. */
export function repoFile(path: string): URL {
  return new URL(path, REPO_ROOT);
}

/**
 * The module whose source is `path` (a `.ts` file, from the repository's
 * root, in any TypeScript project of it) as this run loads modules: the `.ts`
 * from the sources, else the `.js` tsc emitted in its project's output folder
 * (`apps/desk/dist-tsc/`, every other project's `dist/`).
 */
export function repoModule(path: string): URL {
  if (!COMPILED) return repoFile(path);
  const [top, project, ...rest] = path.split('/');
  const out = `${top}/${project}` === 'apps/desk' ? 'dist-tsc' : 'dist';
  return repoFile(`${top}/${project}/${out}/${rest.join('/').replace(/\.ts$/, '.js')}`);
}
