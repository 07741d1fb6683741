import { CompiledQuery, type Compilable, type Kysely } from './kysely.js';
import type { DbType } from './database.js';

/** Compiled SQL by dialect and shape; one entry per table and shape, so it stays small. */
const compiled = new Map<string, { readonly sql: string; readonly parameters: number }>();

/**
 * Runs a query whose shape never changes (a document by name, a name check)
 * with fresh parameters, compiling it once per dialect. Building and
 * compiling a Kysely query costs about as much as SQLite answering a
 * primary-key lookup, and these reads run on every request. `build` must
 * give the query with placeholder values in the order of `parameters`; the
 * SQL stays parameterised.
 *
 * @internal
 */
export async function runPrecompiled<R>(
  db: Kysely<any>,
  dialect: DbType,
  shape: string,
  build: () => Compilable<R>,
  parameters: readonly unknown[],
): Promise<R[]> {
  const key = `${dialect}\u0000${shape}`;
  let entry = compiled.get(key);
  if (entry === undefined) {
    const query = build().compile();
    entry = { sql: query.sql, parameters: query.parameters.length };
    compiled.set(key, entry);
  }
  if (entry.parameters !== parameters.length)
    throw new Error(`precompiled query '${shape}' takes ${entry.parameters} parameters`);
  const result = await db.executeQuery<R>(CompiledQuery.raw(entry.sql, [...parameters]));
  return result.rows;
}
