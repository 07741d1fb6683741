import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checkSiteConsistency } from '../../src/sites/backup/check-consistency.js';
import { restoreSite } from '../../src/sites/backup/restore-backup.js';
import { backupSite } from '../../src/sites/backup/take-backup.js';
import { DIALECTS } from '../helpers/dialects.js';
import { waitFor } from '../helpers/wait-for.js';
import { insertOrder, openBackupSite, writeLoad, type BackupTestSite } from './backup.fixtures.js';

for (const dialect of DIALECTS) {
  describe(`backup under write load, restore, consistency on ${dialect}`, () => {
    let t: BackupTestSite;
    before(async () => {
      t = await openBackupSite(dialect);
    });
    after(() => t.drop());

    it('restores an encrypted backup with files to a consistent site holding every acknowledged write', async () => {
      const site = t.site;
      await mkdir(join(site.path, 'public', 'files'), { recursive: true });
      await writeFile(join(site.path, 'public', 'files', 'logo.txt'), 'the logo');
      const load = writeLoad(site);
      await waitFor('writes under way', () => load.acknowledged.length >= 20);
      const startedAt = performance.now();
      const { manifestPath, manifest } = await backupSite(site, { withFiles: true, encrypt: true });
      const finishedAt = performance.now();
      await waitFor('a write after the backup', () =>
        load.acknowledged.some((w) => w.at > finishedAt),
      );
      await load.stop();
      const before = load.acknowledged.filter((write) => write.at < startedAt).map((w) => w.name);
      assert.ok(manifest.encrypted && manifest.public_files !== undefined);
      const later = await insertOrder(site, 'after the backup');
      await writeFile(join(site.path, 'public', 'files', 'logo.txt'), 'changed after the backup');

      await t.closeDb();
      await restoreSite(site, manifestPath, { withFiles: true });
      const restored = await t.reopen();
      {
        const report = await checkSiteConsistency(restored);
        assert.deepEqual(report.problems, []);
        assert.ok(report.documents >= before.length, `${report.documents} < ${before.length}`);
        const names = new Set(
          (
            (await restored.db.kysely.selectFrom('tabBackup Order').select('name').execute()) as {
              name: string;
            }[]
          ).map((row) => row.name),
        );
        for (const name of before) assert.ok(names.has(name), `acknowledged ${name} lost`);
        assert.ok(!names.has(later), 'a write after the backup is not in it');
        const items = await restored.db.kysely
          .selectFrom('tabBackup Order Item')
          .select('parent')
          .execute();
        assert.equal(items.length, names.size * 2);
        assert.equal(
          await readFile(join(site.path, 'public', 'files', 'logo.txt'), 'utf8'),
          'the logo',
        );
        // The series goes on past every restored name.
        const next = await insertOrder(restored, 'after the restore');
        assert.ok(!names.has(next));
      }
    });
  });
}

describe('backups refused or failing leave the site as it was (SQLite)', () => {
  let t: BackupTestSite;
  let names: string[];
  before(async () => {
    t = await openBackupSite('sqlite');
    names = [];
    for (let i = 0; i < 5; i += 1) names.push(await insertOrder(t.site, `c${i}`));
  });
  after(() => t.drop());

  /** Restores `manifestPath` expecting `message`, then checks the site still holds its documents. */
  async function refused(manifestPath: string, message: RegExp): Promise<void> {
    await t.closeDb();
    await assert.rejects(restoreSite(t.site, manifestPath), (error: Error) => {
      assert.equal(error.name, 'BackupError');
      assert.match(error.message, message);
      return true;
    });
    const site = await t.reopen();
    const report = await checkSiteConsistency(site);
    assert.deepEqual(report.problems, []);
    assert.equal(report.documents, names.length);
    const leftovers = (await readdir(site.path)).filter((f) => f.startsWith('.restore-'));
    assert.deepEqual(leftovers, [], 'no staging folder is left behind');
  }

  /** A copy of a fresh backup set's manifest, changed by `edit`, beside the set. */
  async function edited(edit: (manifest: Record<string, any>) => void, encrypt = false) {
    const { manifestPath } = await backupSite(t.site, { encrypt });
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, any>;
    edit(manifest);
    await writeFile(manifestPath, JSON.stringify(manifest));
    return { manifestPath, manifest };
  }

  it('a tampered encrypted backup fails its authentication tag', async () => {
    const { manifestPath, manifest } = await edited(() => undefined, true);
    const file = join(t.site.path, 'private', 'backups', manifest['database'].file);
    const bytes = await readFile(file);
    const middle = bytes.length >> 1;
    bytes.writeUInt8(bytes.readUInt8(middle) ^ 0xff, middle);
    await writeFile(file, bytes);
    // The checksum catches it first; with the checksum forged too, the AEAD tag does.
    await refused(manifestPath, /damaged/);
    const { sha256Of } = await import('../../src/sites/backup/manifest.js');
    manifest['database'].sha256 = await sha256Of(file);
    await writeFile(manifestPath, JSON.stringify(manifest));
    await refused(manifestPath, /damaged or was encrypted with another encryption_key/);
  });

  it('an encrypted backup under another encryption_key is refused', async () => {
    const { manifestPath } = await backupSite(t.site, { encrypt: true });
    const key = t.site.config.encryption_key;
    (t.site.config as { encryption_key: string | null }).encryption_key = 'another key';
    try {
      await refused(manifestPath, /another encryption_key/);
    } finally {
      (t.site.config as { encryption_key: string | null }).encryption_key = key;
    }
  });

  it('a backup from a newer Cortado, or of another format or engine, is refused', async () => {
    const newer = await edited((m) => (m['cortado_version'] = '999.0.0'));
    await refused(newer.manifestPath, /newer than this/);
    const format = await edited((m) => (m['format'] = 2));
    await refused(format.manifestPath, /format 2/);
    const engine = await edited((m) => (m['db_type'] = 'postgres'));
    await refused(engine.manifestPath, /holds a postgres database/);
  });

  it('a backup set without its manifest is not a backup', async () => {
    const { manifestPath, manifest } = await backupSite(t.site);
    await writeFile(manifestPath, '{"half": ');
    await refused(join(t.site.path, 'private', 'backups', manifest.database.file), /manifest/);
  });

  it('a corrupt database file inside a consistent set is refused before the swap', async () => {
    const { manifestPath, manifest } = await backupSite(t.site);
    const file = join(t.site.path, 'private', 'backups', manifest.database.file);
    await writeFile(file, 'not a database at all, but long enough to look like one '.repeat(100));
    const { sha256Of } = await import('../../src/sites/backup/manifest.js');
    const forged = {
      ...manifest,
      database: { ...manifest.database, sha256: await sha256Of(file) },
    };
    await writeFile(manifestPath, JSON.stringify(forged));
    await refused(manifestPath, /not a readable SQLite file|integrity/);
  });

  it('a full disk during a backup: a clear error and nothing kept', async () => {
    // A 64 KiB tmpfs stands in for a full disk (CI and this suite run as root).
    const dir = join(t.site.path, 'full-disk');
    await mkdir(dir);
    for (let i = 0; i < 40; i += 1)
      names.push(await insertOrder(t.site, `big ${i} ${'y'.repeat(4000)}`));
    await mount(dir);
    try {
      await assert.rejects(backupSite(t.site, { dir, withFiles: true }), (error: Error) => {
        assert.equal(error.name, 'BackupError');
        assert.match(error.message, /no space left|SQLITE_FULL|full/i);
        return true;
      });
      assert.deepEqual(await readdir(dir), [], 'no partial backup is left');
    } finally {
      await unmount(dir);
    }
    assert.ok(existsSync(join(t.site.path, t.site.config.db_file)));
    assert.equal((await checkSiteConsistency(t.site)).problems.length, 0);
  });
});

async function mount(dir: string): Promise<void> {
  await runOrFail('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir]);
}

async function unmount(dir: string): Promise<void> {
  await runOrFail('umount', [dir]);
}

async function runOrFail(command: string, args: string[]): Promise<void> {
  const { execFile } = await import('node:child_process');
  await new Promise<void>((resolve, reject) =>
    execFile(command, args, (error) => (error ? reject(error) : resolve())),
  );
}

describe('the scheduled backup job', () => {
  it('does nothing unless backup_scheduled, then keeps the newest backup_limit sets', async () => {
    const t = await openBackupSite('sqlite');
    try {
      const { scheduledBackup } = await import('../../src/sites/backup/scheduled-backup.js');
      const { withContext } = await import('../../src/engine/runtime/with-context.js');
      const run = () =>
        withContext(t.site, 'Administrator', (ctx) => Promise.resolve(scheduledBackup({}, ctx)));
      assert.deepEqual(await run(), { skipped: true });
      Object.assign(t.site.config, { backup_scheduled: true, backup_limit: 2 });
      for (let i = 0; i < 3; i += 1) await run();
      const left = await readdir(join(t.site.path, 'private', 'backups'));
      assert.equal(left.filter((file) => file.endsWith('-manifest.json')).length, 2);
      assert.equal(left.filter((file) => file.includes('-database.')).length, 2);
    } finally {
      await t.drop();
    }
  });
});
