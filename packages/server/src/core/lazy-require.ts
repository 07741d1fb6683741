import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A CommonJS package (or one of its files) loaded on the first call, then
 * kept. Every Cortado process starts by loading its modules, at about a
 * millisecond each: a package that most processes never use (templates, cron
 * parsing, CSV, HTML sanitising) is loaded when first used instead. A
 * synchronous `require` keeps the callers' APIs synchronous.
 */
export function lazyRequire<T>(specifier: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(specifier) as T);
}
