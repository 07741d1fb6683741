import { fileURLToPath } from 'node:url';

/**
 * The module `specifier` (a relative path naming its TypeScript source, such
 * as `./job-thread.ts`) beside the module `base` (the caller's
 * `import.meta.url`), as this process runs it: run from the sources through
 * tsx, `base` is a `.ts` file and so is the answer; run as what `tsc -b`
 * emitted, `base` is a `.js` under `dist/` and the answer is the `.js` emitted
 * for that source, at the same place beside it (both are in one TypeScript
 * project, so their relative path is the same in `dist/`).
 */
export function siblingModule(specifier: string, base: string): URL {
  const compiled = !new URL(base).pathname.endsWith('.ts');
  return new URL(compiled ? specifier.replace(/\.ts$/, '.js') : specifier, base);
}

/**
 * The arguments of `node` that start `module` with `args`, after the node
 * options `execArgv`: emitted JavaScript with plain node, a `.ts` source
 * through tsx with the workspace packages resolved to their sources (the
 * `development` export condition, as scripts/run-sources.mjs does).
 */
export function nodeArgs(
  module: URL,
  args: readonly string[] = [],
  execArgv: readonly string[] = [],
): string[] {
  const path = fileURLToPath(module);
  if (!module.pathname.endsWith('.ts')) return [...execArgv, path, ...args];
  return ['--conditions=development', '--import', 'tsx', ...execArgv, path, ...args];
}
