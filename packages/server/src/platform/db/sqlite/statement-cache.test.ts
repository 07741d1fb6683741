import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { withStatementCache } from './statement-cache.js';

function counted(capacity: number) {
  const database = new BetterSqlite3(':memory:');
  let prepares = 0;
  const prepare = database.prepare.bind(database);
  database.prepare = ((sql: string) => (prepares++, prepare(sql))) as typeof database.prepare;
  return { database, cached: withStatementCache(database, capacity), prepares: () => prepares };
}

describe('SQLite statement cache', () => {
  it('prepares each SQL text once and reuses the statement with new parameters', () => {
    const { cached, prepares } = counted(10);
    assert.deepEqual(cached.prepare('select ? as v').all([1]), [{ v: 1 }]);
    assert.deepEqual(cached.prepare('select ? as v').all([2]), [{ v: 2 }]);
    assert.equal(prepares(), 1);
  });

  it('drops the least recently used statement past its capacity', () => {
    const { cached, prepares } = counted(2);
    for (const sql of ['select 1', 'select 2', 'select 1', 'select 3', 'select 1', 'select 2'])
      cached.prepare(sql);
    assert.equal(prepares(), 4);
  });

  it('sees schema changes made after a statement was cached', () => {
    const { cached } = counted(10);
    cached.prepare('create table t (a integer)').run([]);
    cached.prepare('insert into t values (1)').run([]);
    assert.deepEqual(cached.prepare('select * from t').all([]), [{ a: 1 }]);
    cached.prepare('alter table t add column b text').run([]);
    assert.deepEqual(cached.prepare('select * from t').all([]), [{ a: 1, b: null }]);
  });

  it('closes the connection, after which nothing can be prepared', () => {
    const { cached, database } = counted(10);
    cached.prepare('select 1');
    cached.close();
    assert.equal(database.open, false);
    assert.throws(() => cached.prepare('select 2'), /not open/);
  });
});
