import { createRequire } from 'node:module';
import type * as Package from 'kysely';

/*
 * Kysely's values, from the package's CommonJS build. Its ES module build is
 * 263 files, and Node's ES module loader takes about 1.7 times as long as its
 * CommonJS loader for them (≈ 280 against ≈ 165 ms of CPU); every Cortado
 * process (a server, a worker, a CLI command, each test file) pays it at
 * start. Every value Cortado takes from Kysely comes from here, so a process
 * holds one copy of the package; its types come from 'kysely', through here
 * or directly.
 */
const kysely = createRequire(import.meta.url)('kysely') as typeof Package;

export type * from 'kysely';
export const {
  sql,
  CompiledQuery,
  expressionBuilder,
  Kysely,
  PostgresDialect,
  MysqlDialect,
  SqliteAdapter,
  SqliteDriver,
  SqliteIntrospector,
  SqliteQueryCompiler,
} = kysely;
// A class's name is a type too; the names above would otherwise hide those of `export type *`.
export type CompiledQuery<R = unknown> = Package.CompiledQuery<R>;
export type Kysely<DB> = Package.Kysely<DB>;
export type PostgresDialect = Package.PostgresDialect;
export type MysqlDialect = Package.MysqlDialect;
export type SqliteAdapter = Package.SqliteAdapter;
export type SqliteDriver = Package.SqliteDriver;
export type SqliteIntrospector = Package.SqliteIntrospector;
export type SqliteQueryCompiler = Package.SqliteQueryCompiler;
