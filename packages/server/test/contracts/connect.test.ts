import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { sql } from '../../src/platform/db/kysely.js';
import { ConfigError } from '../../src/core/errors/index.js';
import {
  connectDatabase,
  createDatabaseIfMissing,
  dropDatabase,
} from '../../src/platform/db/connect.js';
import { createTestDatabase, DIALECTS, testSiteConfig } from '../helpers/dialects.js';

/** A port nothing listens on, so the connection is refused at once. */
const CLOSED_PORT = 1;

describe('connectDatabase', () => {
  for (const type of DIALECTS.filter((t) => t !== 'sqlite')) {
    it(`${type}: unreachable server → one-line ConfigError naming host and port`, async () => {
      const config = testSiteConfig(type, { db_name: 'cortado_unreachable', db_port: CLOSED_PORT });
      const error = await connectDatabase(config, tmpdir()).then(
        () => assert.fail('connected'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof ConfigError, String(error));
      assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${CLOSED_PORT}`));
      assert.doesNotMatch(error.message, /\n/);
    });

    it(`${type}: rejects unsafe database names before touching the server`, async () => {
      const config = testSiteConfig(type, { db_name: 'x"; drop database test; --' });
      await assert.rejects(createDatabaseIfMissing(config, tmpdir()), ConfigError);
      await assert.rejects(dropDatabase(config, tmpdir()), ConfigError);
    });
  }

  for (const type of DIALECTS) {
    it(`${type}: create is idempotent, drop removes the database`, async () => {
      const t = await createTestDatabase(type);
      await createDatabaseIfMissing(t.config, t.sitePath);
      await t.db.ping();
      await t.drop();
      await dropDatabase(t.config, t.sitePath);
      assert.equal(t.db.type, type);
    });
  }

  it('sqlite: opens db_file relative to the site folder in WAL mode', async () => {
    const sitePath = await mkdtemp(join(tmpdir(), 'cortado-connect-'));
    try {
      const db = await connectDatabase(
        testSiteConfig('sqlite', { db_file: 'data/site.sqlite' }),
        sitePath,
      );
      const pragma = async (name: string) =>
        (await sql.raw(`pragma ${name}`).execute(db.kysely)).rows[0];
      assert.deepEqual(await pragma('journal_mode'), { journal_mode: 'wal' });
      assert.deepEqual(await pragma('synchronous'), { synchronous: 1 });
      await db.transaction(
        async (uow) =>
          void (await uow.db.schema.createTable('t').addColumn('a', 'integer').execute()),
      );
      await db.close();
      assert.ok((await stat(join(sitePath, 'data/site.sqlite'))).size > 0);
    } finally {
      await rm(sitePath, { recursive: true, force: true });
    }
  });
});
