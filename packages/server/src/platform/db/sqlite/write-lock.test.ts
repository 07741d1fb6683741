import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from '../kysely.js';
import type { SiteConfig } from '../../../core/config/site-config.js';
import { QueryTimeoutError } from '../../../core/errors/index.js';
import { connectDatabase } from '../connect.js';
import type { Database } from '../database.js';

describe('SQLite write transactions wait for another connection’s lock without blocking', () => {
  let dir: string;
  let db: Database;
  let other: BetterSqlite3.Database;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cortado-write-lock-'));
    db = await connectDatabase({ db_type: 'sqlite', db_file: 'site.db' } as SiteConfig, dir);
    await sql`create table t (v integer)`.execute(db.kysely);
    other = new BetterSqlite3(join(dir, 'site.db'));
  });

  after(async () => {
    other.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the event loop turning while the lock is held, then writes once it is free', async () => {
    other.exec('begin immediate');
    let settled = false;
    const write = db
      .transaction(async (uow) => {
        await sql`insert into t (v) values (1)`.execute(uow.db);
        return 'written';
      })
      .finally(() => (settled = true));
    // SQLite's own busy handler would hold this thread inside the call: no turn could pass.
    for (let turn = 0; turn < 50; turn++) await nextTurn();
    assert.equal(settled, false, 'the write cannot have happened while the lock is held');
    other.exec('commit');
    assert.equal(await write, 'written');
    const rows = await sql<{ n: number }>`select count(*) as n from t`.execute(db.kysely);
    assert.equal(rows.rows[0]?.n, 1);
  });

  it('reads are not held up by the other connection’s write lock', async () => {
    other.exec('begin immediate');
    try {
      const rows = await db.transaction(
        async (uow) => (await sql`select count(*) as n from t`.execute(uow.db)).rows,
        { readOnly: true },
      );
      assert.equal(rows.length, 1);
    } finally {
      other.exec('rollback');
    }
  });

  it('gives up with QueryTimeoutError after the busy timeout, and the connection still works', async () => {
    other.exec('begin immediate');
    try {
      await assert.rejects(
        db.transaction(async (uow) => sql`insert into t (v) values (2)`.execute(uow.db)),
        (error: unknown) => error instanceof QueryTimeoutError,
      );
    } finally {
      other.exec('rollback');
    }
    await db.transaction(async (uow) => sql`insert into t (v) values (3)`.execute(uow.db));
    const rows = await sql<{ v: number }>`select v from t order by v`.execute(db.kysely);
    assert.deepEqual(
      rows.rows.map((row) => row.v),
      [1, 3],
    );
  });
});
