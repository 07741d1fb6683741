import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** Enough for every distinct statement a site issues in steady state. */
const DEFAULT_CAPACITY = 500;

/**
 * Kysely's SQLite driver prepares every statement anew, and `prepare` costs
 * about as much as running a primary-key lookup. This wraps the connection so
 * statements are prepared once per SQL text and reused (least recently used
 * ones are dropped past `capacity`). Statements belong to their connection,
 * so the cache lives and dies with it.
 *
 * @internal
 */
export function withStatementCache(
  database: BetterSqlite3.Database,
  capacity = DEFAULT_CAPACITY,
): SqliteDatabase {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return {
    prepare(sql: string): SqliteStatement {
      let statement = statements.get(sql);
      if (statement === undefined) {
        statement = database.prepare(sql);
        if (statements.size >= capacity)
          statements.delete(statements.keys().next().value as string);
      } else {
        // Re-inserting moves it to the young end of the Map's insertion order.
        statements.delete(sql);
      }
      statements.set(sql, statement);
      return statement as unknown as SqliteStatement;
    },
    close() {
      statements.clear();
      database.close();
    },
  };
}
