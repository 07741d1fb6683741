import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Site } from '../../src/engine/site.js';
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
