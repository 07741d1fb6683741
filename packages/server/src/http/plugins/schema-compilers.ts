import { createRequire } from 'node:module';
import type { FastifyServerOptions } from 'fastify';

type CompilersFactory = NonNullable<
  NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']
>;
type BuildValidator = NonNullable<CompilersFactory['buildValidator']>;
type BuildSerializer = NonNullable<CompilersFactory['buildSerializer']>;

/** Fastify's own compiler packages, resolved from Fastify's folder, as Fastify requires them. */
const requireFromFastify = createRequire(createRequire(import.meta.url).resolve('fastify'));

/**
 * Fastify's default validator (Ajv) and serializer (fast-json-stringify)
 * compilers, loaded when a route first declares a schema to validate or
 * serialise with. Fastify requires both when the app is created, ≈ 130 ms
 * of CPU at every process start, and Cortado's routes declare none: they
 * check their arguments as Frappe does and write Frappe's bytes themselves
 * (the plugins' routes carry only `hide`, for the OpenAPI page). A factory
 * given here counts as a custom compiler, which only changes how Fastify
 * prepares a `headers` schema; no route has one.
 */
export function lazySchemaCompilers(): Required<CompilersFactory> {
  return {
    buildValidator: onFirstCall(() =>
      (requireFromFastify('@fastify/ajv-compiler') as () => BuildValidator)(),
    ),
    buildSerializer: onFirstCall(() =>
      (requireFromFastify('@fastify/fast-json-stringify-compiler') as () => BuildSerializer)(),
    ),
  };
}

/** `load()`'s function, loaded on the first call and called with its arguments. */
function onFirstCall<F extends (...args: never[]) => unknown>(load: () => F): F {
  let loaded: F | undefined;
  const call = (...args: Parameters<F>): ReturnType<F> => {
    loaded ??= load();
    return loaded(...args) as ReturnType<F>;
  };
  return call as unknown as F;
}
